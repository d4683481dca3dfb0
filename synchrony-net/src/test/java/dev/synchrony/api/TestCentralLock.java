package dev.synchrony.api;

import dev.synchrony.core.Context;
import dev.synchrony.core.NoTimer;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.mutex.MutexCommand;
import dev.synchrony.mutex.MutexOutput;
import java.util.ArrayDeque;

/**
 * A minimal centralized lock for testing the API plumbing (the real algorithms come from the mutex work): the
 * first member coordinates, grants in arrival order with a counter as fencing token. A {@link Revoke} command at
 * the coordinator takes the lock from its holder, who then reports it {@link MutexOutput.Lost}.
 */
public final class TestCentralLock implements Node<TestCentralLock.Message, NoTimer, Object> {

    sealed interface Message {
        record Request(long requestId) implements Message {}

        record Grant(long requestId, long token) implements Message {}

        record Release(long requestId) implements Message {}

        record Revoked(long requestId) implements Message {}
    }

    public record Revoke() {}

    private record Waiting(NodeId node, long requestId) {}

    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    private Waiting holder;
    private long tokens;

    @Override
    public void onStart(Context<Message, NoTimer> context) {}

    private NodeId coordinator(Context<Message, NoTimer> context) {
        return context.members().get(0);
    }

    @Override
    public void onCommand(Object command, Context<Message, NoTimer> context) {
        switch (command) {
            case MutexCommand.Acquire acquire ->
                context.send(coordinator(context), new Message.Request(acquire.requestId()));
            case MutexCommand.Release release -> {
                context.send(coordinator(context), new Message.Release(release.requestId()));
                context.deliver(new MutexOutput.Released(release.requestId()));
            }
            case Revoke revoke -> {
                if (holder != null) {
                    context.send(holder.node(), new Message.Revoked(holder.requestId()));
                    holder = null;
                    grantNext(context);
                }
            }
            default -> throw new IllegalArgumentException("unknown command " + command);
        }
    }

    @Override
    public void onMessage(NodeId from, Message message, Context<Message, NoTimer> context) {
        switch (message) {
            case Message.Request request -> {
                queue.add(new Waiting(from, request.requestId()));
                grantNext(context);
            }
            case Message.Release release -> {
                if (holder != null && holder.node().equals(from) && holder.requestId() == release.requestId()) {
                    holder = null;
                    grantNext(context);
                }
            }
            case Message.Grant grant -> context.deliver(new MutexOutput.Granted(grant.requestId(), grant.token()));
            case Message.Revoked revoked -> context.deliver(new MutexOutput.Lost(revoked.requestId(), "revoked"));
        }
    }

    private void grantNext(Context<Message, NoTimer> context) {
        if (holder == null && !queue.isEmpty()) {
            holder = queue.poll();
            context.send(holder.node(), new Message.Grant(holder.requestId(), ++tokens));
        }
    }

    @Override
    public void onTimer(NoTimer timer, Context<Message, NoTimer> context) {}

    @Override
    public TestCentralLock copy() {
        throw new UnsupportedOperationException();
    }
}
