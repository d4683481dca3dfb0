package dev.synchrony.multicast;

import dev.synchrony.core.Context;
import dev.synchrony.core.LayeredContext;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A replica of the lecture's bank account, stacked on a multicast node: the application asks it to publish an
 * {@link AccountUpdate}; it applies every update the multicast delivers, in delivery order, to its balance. How
 * the replicas end up depends only on the multicast beneath: with total order every replica applies the same
 * updates in the same order and ends with the same balance; with causal order or no ordering, concurrent updates
 * (a deposit and an interest payment) may be applied in different orders, and since they do not commute the
 * balances may differ.
 *
 * <p>Each application is recorded ({@link Applied}) and delivered outputs pass through to the application.
 *
 * @param <M> the multicast's messages
 * @param <T> the multicast's timers
 */
public final class ReplicatedAccount<M, T> implements Node<M, T, MulticastCommand> {

    /** Recorded when a replica applies an update: {@code origin}'s {@code sequence}-th, giving {@code balanceCents}. */
    public record Applied(NodeId origin, long sequence, AccountUpdate update, long balanceCents) {
        @Override
        public String toString() {
            return "applied " + origin + "#" + sequence + " " + update + " -> " + dollars(balanceCents);
        }
    }

    /** The lecture's opening balance, $1000. */
    public static final long LECTURE_OPENING_CENTS = 100_000L;

    private final Node<M, T, MulticastCommand> multicast;
    private long balanceCents;
    private final List<String> history;

    private ReplicatedAccount(Node<M, T, MulticastCommand> multicast, long openingCents) {
        this.multicast = Objects.requireNonNull(multicast, "multicast");
        this.balanceCents = openingCents;
        this.history = new ArrayList<>();
    }

    private ReplicatedAccount(ReplicatedAccount<M, T> other) {
        this.multicast = other.multicast.copy();
        this.balanceCents = other.balanceCents;
        this.history = new ArrayList<>(other.history);
    }

    public static <M, T> ReplicatedAccount<M, T> over(Node<M, T, MulticastCommand> multicast, long openingCents) {
        return new ReplicatedAccount<>(multicast, openingCents);
    }

    public long balanceCents() {
        return balanceCents;
    }

    /** The updates applied so far, in order, as {@code origin#sequence}. */
    public List<String> history() {
        return List.copyOf(history);
    }

    public Node<M, T, MulticastCommand> multicast() {
        return multicast;
    }

    public static String dollars(long cents) {
        return String.format(Locale.ROOT, "$%d.%02d", cents / 100, Math.abs(cents % 100));
    }

    @Override
    public void onStart(Context<M, T> context) {
        multicast.onStart(new Applying(context));
    }

    @Override
    public void onMessage(NodeId from, M message, Context<M, T> context) {
        multicast.onMessage(from, message, new Applying(context));
    }

    @Override
    public void onTimer(T timer, Context<M, T> context) {
        multicast.onTimer(timer, new Applying(context));
    }

    @Override
    public void onCommand(MulticastCommand command, Context<M, T> context) {
        switch (command) {
            case MulticastCommand.Publish publish
            when !(publish.payload() instanceof AccountUpdate) ->
                throw new IllegalArgumentException(
                        "an account replica publishes account updates, got " + publish.payload());
            case MulticastCommand.Publish publish -> multicast.onCommand(publish, new Applying(context));
        }
    }

    private void apply(Delivered delivered, Context<M, T> context) {
        if (delivered.payload() instanceof AccountUpdate update) {
            balanceCents = update.applyTo(balanceCents);
            history.add(delivered.origin() + "#" + delivered.sequence());
            context.record(new Applied(delivered.origin(), delivered.sequence(), update, balanceCents));
        }
    }

    @Override
    public ReplicatedAccount<M, T> copy() {
        return new ReplicatedAccount<>(this);
    }

    @Override
    public java.util.SequencedMap<String, Object> displayState() {
        // The account first (the lecture's $1111 against $1110), then the multicast layer's own state.
        java.util.SequencedMap<String, Object> state = new java.util.LinkedHashMap<>();
        state.put(
                "balance",
                String.format(java.util.Locale.ROOT, "$%d.%02d", balanceCents / 100, Math.abs(balanceCents % 100)));
        state.put("updates applied", history.size());
        state.putAll(multicast.displayState());
        return state;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReplicatedAccount<?, ?> that
                && balanceCents == that.balanceCents
                && history.equals(that.history)
                && multicast.equals(that.multicast);
    }

    @Override
    public int hashCode() {
        return Objects.hash(multicast, balanceCents, history);
    }

    @Override
    public String toString() {
        return "ReplicatedAccount[" + dollars(balanceCents) + "]";
    }

    /** The multicast's context, with deliveries applied to the account on their way to the application. */
    private final class Applying extends LayeredContext<M, T> {
        private final Context<M, T> outer;

        Applying(Context<M, T> outer) {
            super(outer);
            this.outer = outer;
        }

        @Override
        public void send(NodeId to, M message) {
            outer.send(to, message);
        }

        @Override
        public void setTimer(T timer, long delayNanos) {
            outer.setTimer(timer, delayNanos);
        }

        @Override
        public void cancelTimer(T timer) {
            outer.cancelTimer(timer);
        }

        @Override
        public void deliver(Object output) {
            if (output instanceof Delivered delivered) {
                apply(delivered, outer);
            }
            outer.deliver(output);
        }
    }
}
