/**
 * How each family of algorithms is explored ({@link dev.synchrony.explore.ExploreHarness}): bounded workloads,
 * invariants and goals, chosen by {@link dev.synchrony.explore.families.ExploreHarnesses} from the catalog's family
 * of an algorithm.
 */
package dev.synchrony.explore.families;
