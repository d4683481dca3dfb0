package dev.synchrony.logical;

import dev.synchrony.core.NodeId;

/** What the application asks a process of the logical-clock demos to do. */
public sealed interface ClockDemoCommand {

    /**
     * Send a message named {@code label} to {@code to}.
     *
     * @param to the receiver
     * @param label the message's name in the trace and the diagram
     */
    record SendTo(NodeId to, String label) implements ClockDemoCommand {}

    /**
     * Have an internal event named {@code label}.
     *
     * @param label the event's name in the trace and the diagram
     */
    record LocalEvent(String label) implements ClockDemoCommand {}
}
