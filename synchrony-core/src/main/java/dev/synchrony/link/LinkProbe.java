package dev.synchrony.link;

import dev.synchrony.core.Context;
import dev.synchrony.core.NoTimer;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The algorithm the {@code fifo-link} harness puts over {@link dev.synchrony.link.ReliableFifoLink}: told to
 * send, it numbers its messages per destination (1, 2, 3...); it delivers each message it receives. The checks
 * then see whether each link handed over exactly 1, 2, 3... in order.
 */
public final class LinkProbe implements Node<LinkProbe.Numbered, NoTimer, LinkProbe.SendTo> {

    /** The {@code number}-th message from its sender to its receiver. */
    public record Numbered(long number) {
        @Override
        public String toString() {
            return "#" + number;
        }
    }

    /** Command: send the next numbered message to {@code to}. */
    public record SendTo(NodeId to) {}

    /** Output: the {@code number}-th message from {@code from} arrived. */
    public record Received(NodeId from, long number) {}

    /** Recorded when a message is handed to the link: the {@code number}-th to {@code to}. */
    public record Sent(NodeId to, long number) {}

    private final TreeMap<NodeId, Long> sentTo = new TreeMap<>();

    @Override
    public void onStart(Context<Numbered, NoTimer> context) {}

    @Override
    public void onMessage(NodeId from, Numbered message, Context<Numbered, NoTimer> context) {
        context.deliver(new Received(from, message.number()));
    }

    @Override
    public void onTimer(NoTimer timer, Context<Numbered, NoTimer> context) {}

    @Override
    public void onCommand(SendTo command, Context<Numbered, NoTimer> context) {
        long number = sentTo.merge(command.to(), 1L, Long::sum);
        context.record(new Sent(command.to(), number));
        context.send(command.to(), new Numbered(number));
    }

    @Override
    public LinkProbe copy() {
        LinkProbe copy = new LinkProbe();
        copy.sentTo.putAll(sentTo);
        return copy;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LinkProbe that && sentTo.equals(that.sentTo);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sentTo);
    }
}
