package dev.synchrony.link;

/**
 * What {@link ReliableFifoLink} puts on the wire: the inner algorithm's message wrapped in a numbered
 * {@link Data} frame, and the {@link Ack} that answers it.
 *
 * <p>A stream of frames from one process to one peer is named by the sender's incarnation ({@code senderEpoch})
 * and a per-link {@code stream} number that the sender advances whenever it starts the link afresh (the peer
 * restarted, or it gave up retransmitting). Sequence numbers count from 1 within a stream.
 *
 * @param <M> the inner algorithm's messages
 */
public sealed interface LinkMessage<M> {

    /** Epoch value meaning "not known yet": the sender has not heard from this incarnation of the peer. */
    long UNKNOWN_EPOCH = Long.MIN_VALUE;

    /** Timestamp value meaning "none": an acknowledgement sent before any frame of the stream arrived in order. */
    long NO_TIMESTAMP = Long.MIN_VALUE;

    /**
     * The {@code sequence}-th message of a stream.
     *
     * @param receiverEpoch the incarnation of the receiver the sender is talking to, or {@link #UNKNOWN_EPOCH}
     * @param timestamp the sender's clock when it sent this copy, in nanoseconds since its epoch (RFC 7323's
     *     TSval): a retransmitted copy carries
     *     a later one than the original, so the acknowledgement that echoes it says which copy it answers
     */
    record Data<M>(long senderEpoch, int stream, long receiverEpoch, long sequence, long timestamp, M payload)
            implements LinkMessage<M> {
        @Override
        public String toString() {
            return "Data#" + sequence + "(" + payload + ")";
        }
    }

    /**
     * Every message of stream ({@code senderEpoch}, {@code stream}) up to {@code cumulative} has been handed to
     * the receiver's algorithm, in order. {@code receiverEpoch} tells the sender which incarnation answers: a
     * newer one than it knew means the peer restarted. {@code cumulative} is 0 when nothing has been.
     * {@code echo} (RFC 7323's TSecr) is the {@link Data#timestamp()} of the copy this acknowledgement answers
     * ({@link #NO_TIMESTAMP} when it answers none): the sender's clock now minus the echo is the round trip of a
     * copy it knows, even when it sent the frame several times. Unlike TCP's TS.Recent, which echoes the last
     * in-order segment so as to cover delayed acknowledgements, every frame here is answered at once, and on a link
     * that carries a few frames a second an older echo would make a sample of seconds.
     */
    record Ack<M>(long senderEpoch, int stream, long receiverEpoch, long cumulative, long echo)
            implements LinkMessage<M> {
        @Override
        public String toString() {
            return "Ack#" + cumulative;
        }
    }
}
