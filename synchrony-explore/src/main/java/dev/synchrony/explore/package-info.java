/**
 * The exhaustive explorer: every reachable state of a small system, under message delivery in any order, loss,
 * crashes and recoveries, checked against invariants and liveness goals, with the shortest counterexample as
 * steps and as a script the simulator replays. {@link dev.synchrony.explore.Explorer} is the facade; it builds
 * nodes through the catalog, as the simulator does.
 */
package dev.synchrony.explore;
