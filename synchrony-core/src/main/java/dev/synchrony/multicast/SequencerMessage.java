package dev.synchrony.multicast;

import dev.synchrony.core.NodeId;
import java.util.List;

/** The messages of {@link SequencerTotalOrderMulticast}. */
public sealed interface SequencerMessage {

    /**
     * A member asks the sequencer to order its messages {@code firstSequence}, {@code firstSequence + 1}, ...
     * (one per payload, in publication order): several publications in one frame.
     */
    record Submit(NodeId origin, long firstSequence, List<Object> payloads) implements SequencerMessage {
        public Submit {
            payloads = List.copyOf(payloads);
        }

        @Override
        public String toString() {
            return "Submit(" + origin + "#" + firstSequence + ".." + (firstSequence + payloads.size() - 1) + ")";
        }
    }

    /**
     * The sequencer's order: {@code entries.get(i)} is the message with global number {@code firstNumber + i}.
     * Every member delivers global numbers 1, 2, 3... in turn, so all deliver the same sequence.
     */
    record Ordered(long firstNumber, List<Entry> entries) implements SequencerMessage {
        public Ordered {
            entries = List.copyOf(entries);
        }

        @Override
        public String toString() {
            return "Ordered(#" + firstNumber + ".." + (firstNumber + entries.size() - 1) + ")";
        }
    }

    /** One ordered message: the {@code sequence}-th publication of {@code origin}. */
    record Entry(NodeId origin, long sequence, Object payload) {
        @Override
        public String toString() {
            return origin + "#" + sequence;
        }
    }
}
