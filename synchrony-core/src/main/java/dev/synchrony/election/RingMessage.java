package dev.synchrony.election;

import dev.synchrony.core.NodeId;
import java.util.List;
import java.util.Objects;

/** The messages of {@link RingElection}. */
public sealed interface RingMessage {

    /**
     * A message that travels hop by hop around the ring. The receiver answers each copy with an {@link Ack} of
     * its {@code seq}; the sender retransmits it until then, so a lossy link delays a hop instead of losing the
     * election.
     */
    sealed interface Hop extends RingMessage {
        /**
         * The sender's number for this hop, echoed by the {@link Ack}; the same in every retransmission.
         *
         * @return the hop's number
         */
        long seq();
    }

    /**
     * Circulates from the initiator around the ring; each process that passes it on adds itself to
     * {@code alive} and folds its term into {@code maxTerm}.
     *
     * @param initiator the process that started the election
     * @param attempt the initiator's attempt, so that it recognises its own message coming back
     * @param alive the processes it passed so far, in order
     * @param maxTerm the largest term among them
     * @param seq the sender's number for this hop
     */
    record Election(NodeId initiator, long attempt, List<NodeId> alive, long maxTerm, long seq) implements Hop {
        /** Checks the initiator and copies the list. */
        public Election {
            Objects.requireNonNull(initiator);
            alive = List.copyOf(alive);
        }
    }

    /**
     * Carries the result around the ring once: the list of live processes, the one with the highest priority
     * among them ({@code leader}) and its term. {@code hops} bounds its trip should the initiator die.
     *
     * @param initiator the process that started the election
     * @param alive the live processes the election found
     * @param leader the one of them with the highest priority
     * @param term the leader's new term
     * @param hops how many hops it has made, bounded by the ring's size
     * @param seq the sender's number for this hop
     */
    record Coordinator(NodeId initiator, List<NodeId> alive, NodeId leader, long term, int hops, long seq)
            implements Hop {
        /** Checks the initiator and leader and copies the list. */
        public Coordinator {
            Objects.requireNonNull(initiator);
            Objects.requireNonNull(leader);
            alive = List.copyOf(alive);
        }
    }

    /**
     * The receiver of a {@link Hop} has it: the sender stops retransmitting hop {@code seq}.
     *
     * @param seq the number of the hop received
     */
    record Ack(long seq) implements RingMessage {}

    /**
     * Every process sends one to every other each heartbeat interval, for their failure detectors (which tell a
     * process which successors to skip). It carries the sender's term and whether it is the coordinator.
     *
     * @param term the sender's term
     * @param coordinator whether the sender is the coordinator
     */
    record Heartbeat(long term, boolean coordinator) implements RingMessage {}
}
