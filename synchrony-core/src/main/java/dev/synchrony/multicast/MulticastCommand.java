package dev.synchrony.multicast;

/** What an application asks of an ordered-multicast node. */
public sealed interface MulticastCommand {

    /**
     * Multicast {@code payload} to the group (the sender included). The payload must be an immutable value that
     * the network codec can encode: a record of primitives, strings, byte arrays, lists and other such records.
     */
    record Publish(Object payload) implements MulticastCommand {}
}
