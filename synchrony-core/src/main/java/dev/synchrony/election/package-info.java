/**
 * Election of a coordinator: the bully algorithm and the ring algorithm, and the contracts every election
 * shares ({@code ElectionParticipant}, {@code LeaderElected}, {@code LeadershipLost}).
 */
package dev.synchrony.election;
