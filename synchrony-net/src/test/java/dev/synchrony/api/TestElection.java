package dev.synchrony.api;

import dev.synchrony.core.Context;
import dev.synchrony.core.NoTimer;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.election.LeaderElected;
import java.util.Collections;

/** For testing the API: on start, names the highest member leader for term 1; a {@code Long} command names a new term. */
final class TestElection implements Node<TestElection.Victory, NoTimer, Long> {

    record Victory(NodeId leader, long term) {}

    @Override
    public void onStart(Context<Victory, NoTimer> context) {
        context.deliver(new LeaderElected(Collections.max(context.members()), 1));
    }

    @Override
    public void onCommand(Long term, Context<Victory, NoTimer> context) {
        // This member takes over at {@code term}, and tells the others.
        context.sendToOthers(new Victory(context.self(), term));
        context.deliver(new LeaderElected(context.self(), term));
    }

    @Override
    public void onMessage(NodeId from, Victory message, Context<Victory, NoTimer> context) {
        context.deliver(new LeaderElected(message.leader(), message.term()));
    }

    @Override
    public void onTimer(NoTimer timer, Context<Victory, NoTimer> context) {}

    @Override
    public TestElection copy() {
        return new TestElection();
    }
}
