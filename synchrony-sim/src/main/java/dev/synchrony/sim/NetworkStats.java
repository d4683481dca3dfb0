package dev.synchrony.sim;

/**
 * What the network did during a run. Every copy of a message sent is either received or lost, or still in flight
 * when the run ended.
 */
public record NetworkStats(
        long sent,
        long duplicated,
        long received,
        long lostToFaults,
        long lostToPartitions,
        long lostToCrashes,
        long inFlightAtEnd) {

    public long lost() {
        return lostToFaults + lostToPartitions + lostToCrashes;
    }
}
