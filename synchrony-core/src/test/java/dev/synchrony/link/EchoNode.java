package dev.synchrony.link;

import dev.synchrony.core.Context;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.List;

/** A tiny inner algorithm: sends what it is told, delivers what it receives, and keeps a log (its state). */
final class EchoNode implements Node<String, String, EchoNode.Say> {

    record Say(NodeId to, String text) {}

    final List<String> received = new ArrayList<>();

    @Override
    public void onStart(Context<String, String> context) {}

    @Override
    public void onMessage(NodeId from, String message, Context<String, String> context) {
        received.add(from + ":" + message);
        context.deliver(message);
    }

    @Override
    public void onTimer(String timer, Context<String, String> context) {
        context.record("timer " + timer);
    }

    @Override
    public void onCommand(Say command, Context<String, String> context) {
        if (command.text().startsWith("timer:")) {
            context.setTimer(command.text().substring(6), 5);
        } else {
            context.send(command.to(), command.text());
        }
    }

    @Override
    public EchoNode copy() {
        EchoNode copy = new EchoNode();
        copy.received.addAll(received);
        return copy;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EchoNode that && received.equals(that.received);
    }

    @Override
    public int hashCode() {
        return received.hashCode();
    }
}
