package dev.synchrony.net.runtime;

import dev.synchrony.core.Context;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A test node: on command Burst(n), sends Ping(1..n) to every peer; delivers every Ping it receives. */
final class PingNode implements Node<PingNode.Ping, PingNode.Tick, PingNode.Burst> {

    record Ping(long sequence, String text) {}

    enum Tick {
        AGAIN
    }

    /** {@code label} only tells commands apart (see {@link #commands}). */
    record Burst(int count, long label) {
        Burst(int count) {
            this(count, 0);
        }
    }

    /** Labels of the commands handled, in handling order. */
    final List<Long> commands = new ArrayList<>();

    /** Received sequences by sender, in arrival order. */
    final Map<NodeId, List<Long>> received = new TreeMap<>();

    @Override
    public void onStart(Context<Ping, Tick> context) {}

    @Override
    public void onMessage(NodeId from, Ping message, Context<Ping, Tick> context) {
        received.computeIfAbsent(from, f -> new ArrayList<>()).add(message.sequence());
        context.deliver(message);
    }

    @Override
    public void onTimer(Tick timer, Context<Ping, Tick> context) {}

    @Override
    public void onCommand(Burst command, Context<Ping, Tick> context) {
        commands.add(command.label());
        for (long i = 1; i <= command.count(); i++) {
            context.sendToOthers(new Ping(i, "ping " + i));
        }
    }

    @Override
    public PingNode copy() {
        throw new UnsupportedOperationException();
    }
}
