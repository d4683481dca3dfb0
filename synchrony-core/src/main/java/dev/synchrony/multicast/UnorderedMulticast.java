package dev.synchrony.multicast;

import dev.synchrony.core.Context;
import dev.synchrony.core.NoTimer;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;

/**
 * Multicast with no ordering at all: the sender delivers its own message at once and sends it to the others,
 * who deliver it on arrival. This is the lecture's "absence of proper synchronization" that lets two replicas of
 * an account end at $1111 and $1110; it is here as the baseline the ordered multicasts are compared with.
 */
public final class UnorderedMulticast implements Node<UnorderedMulticast.Update, NoTimer, MulticastCommand> {

    /** The {@code sequence}-th message of {@code origin}. */
    public record Update(NodeId origin, long sequence, Object payload) {
        @Override
        public String toString() {
            return "Update(" + origin + "#" + sequence + ": " + payload + ")";
        }
    }

    private long published;

    @Override
    public void onStart(Context<Update, NoTimer> context) {}

    @Override
    public void onCommand(MulticastCommand command, Context<Update, NoTimer> context) {
        switch (command) {
            case MulticastCommand.Publish publish -> {
                Update update = new Update(context.self(), ++published, publish.payload());
                context.deliver(new Delivered(update.origin(), update.sequence(), update.payload()));
                context.sendToOthers(update);
            }
        }
    }

    @Override
    public void onMessage(NodeId from, Update message, Context<Update, NoTimer> context) {
        context.deliver(new Delivered(message.origin(), message.sequence(), message.payload()));
    }

    @Override
    public void onTimer(NoTimer timer, Context<Update, NoTimer> context) {}

    @Override
    public UnorderedMulticast copy() {
        UnorderedMulticast copy = new UnorderedMulticast();
        copy.published = published;
        return copy;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UnorderedMulticast that && published == that.published;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(published);
    }
}
