package dev.synchrony.bench.peers;

/**
 * A few members of one system that multicast to each other, as {@link MulticastWorkload} drives them: any member
 * may publish, and every member (the publisher included) hands each delivered message to the listener given when
 * the group was made.
 */
interface MulticastGroup extends AutoCloseable {

    /** Told of each delivery; called on the system's own threads, so it must not block. */
    @FunctionalInterface
    interface Deliveries {
        void delivered(int member, byte[] payload);
    }

    int size();

    /** Multicasts {@code payload} from {@code member} to all; may block while the system applies back-pressure. */
    void publish(int member, byte[] payload) throws Exception;

    /** Whether every member must deliver the same messages in the same order (checked by the workload). */
    boolean totalOrder();

    /**
     * Times the system sent its unacknowledged frames again after a timeout (a window sent again), summed over
     * members so far; -1 when it does not count them.
     */
    default long retransmissions() {
        return -1;
    }

    /** Data frames the system sent again so far (after timeouts or fast), summed over members; -1 if not counted. */
    default long retransmittedFrames() {
        return -1;
    }

    /**
     * Of {@link #retransmittedFrames()}, those the system itself found it had sent for nothing (an earlier copy
     * had arrived); -1 when it cannot tell.
     */
    default long spuriousRetransmissions() {
        return -1;
    }

    @Override
    void close() throws Exception;
}
