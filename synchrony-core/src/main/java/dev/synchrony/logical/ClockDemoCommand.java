package dev.synchrony.logical;

import dev.synchrony.core.NodeId;

/** What the application asks a process of the logical-clock demos to do. */
public sealed interface ClockDemoCommand {

    /** Send a message named {@code label} to {@code to}. */
    record SendTo(NodeId to, String label) implements ClockDemoCommand {}

    /** Have an internal event named {@code label}. */
    record LocalEvent(String label) implements ClockDemoCommand {}
}
