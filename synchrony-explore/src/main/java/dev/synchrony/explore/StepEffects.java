package dev.synchrony.explore;

import dev.synchrony.core.NodeId;
import java.util.List;

/**
 * What the process did during one step: what it sent, handed its application ({@code deliver}) and recorded.
 */
public record StepEffects(List<Sent> sent, List<Object> outputs, List<Object> records) {

    public static final StepEffects NONE = new StepEffects(List.of(), List.of(), List.of());

    public StepEffects {
        sent = List.copyOf(sent);
        outputs = List.copyOf(outputs);
        records = List.copyOf(records);
    }

    public boolean isEmpty() {
        return sent.isEmpty() && outputs.isEmpty() && records.isEmpty();
    }

    /** A message put on the network. */
    public record Sent(NodeId from, NodeId to, Object message) {}
}
