package dev.synchrony.multicast;

/**
 * The bounds every batching multicast takes ({@code max-batch}, {@code batch-delay}), checked in one place so the
 * three algorithms refuse bad values with the same words.
 */
final class Batching {

    private Batching() {}

    /**
     * @param maxBatch the most messages one frame may carry
     * @param batchDelayNanos how long the first message of a batch may wait
     * @throws IllegalArgumentException naming the bound that is out of range
     */
    static void check(int maxBatch, long batchDelayNanos) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("max-batch " + maxBatch + " is below 1");
        }
        if (batchDelayNanos < 0) {
            throw new IllegalArgumentException("batch-delay " + batchDelayNanos + " ns is negative");
        }
    }
}
