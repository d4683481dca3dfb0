package dev.synchrony.generals;

import dev.synchrony.core.Context;
import dev.synchrony.core.NoCommand;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.Objects;

/**
 * One of the two generals of the Two Generals' problem (the lecture's opening example; Gray 1978): two armies
 * must attack together or not at all, and can talk only through messengers who may be captured (a lossy
 * channel). No protocol solves it: whatever the last messenger of a run carries, it may be lost, and the run
 * where it is lost looks the same to its sender.
 *
 * <p>This general runs the usual attempt, in two sizes: a handshake of {@code rounds} messages (the order, its
 * acknowledgement, the acknowledgement of that, ...), each sent as {@code copies} equal messengers at once. The
 * first general (member 0) sends the order at start; a general that receives round r for the first time sends
 * round r + 1, unless r was the last. At dawn each general decides: attack exactly when it has received every
 * round addressed to it (the first general, with a one-round handshake, has none to wait for and attacks).
 *
 * <p>Contract: with no loss both attack. With loss the generals disagree exactly when every round before the
 * last got through and every copy of the last was lost: probability (1 - p^copies)^(rounds - 1) * p^copies for
 * loss probability p. More copies lower it; nothing makes it 0. Late messengers (after dawn) change nothing.
 */
public final class General implements Node<GeneralsMessage, GeneralsTimer, NoCommand> {

    private enum Verdict {
        UNDECIDED,
        ATTACK,
        RETREAT
    }

    private final int index;
    private final int rounds;
    private final int copies;
    private final long dawnNanos;
    /** Bit r set: round r arrived. */
    private long received;

    private Verdict verdict = Verdict.UNDECIDED;

    /**
     * A general before any message, undecided.
     *
     * @param index 0 for the general who gives the order, 1 for the other
     * @param rounds messages in the handshake, at least 1
     * @param copies messengers sent for each message, at least 1
     * @param dawnNanos when dawn comes, on the general's own clock
     */
    public General(int index, int rounds, int copies, long dawnNanos) {
        if (index != 0 && index != 1) {
            throw new IllegalArgumentException("the Two Generals' problem has two generals, not " + (index + 1));
        }
        if (rounds < 1 || rounds > 62) {
            throw new IllegalArgumentException("--rounds: " + rounds + " is not in 1..62");
        }
        if (copies < 1 || copies > 1_000) {
            throw new IllegalArgumentException("--k: " + copies + " is not in 1..1000");
        }
        if (dawnNanos <= 0) {
            throw new IllegalArgumentException("--dawn: must be positive");
        }
        this.index = index;
        this.rounds = rounds;
        this.copies = copies;
        this.dawnNanos = dawnNanos;
    }

    private General(General other) {
        this(other.index, other.rounds, other.copies, other.dawnNanos);
        this.received = other.received;
        this.verdict = other.verdict;
    }

    @Override
    public void onStart(Context<GeneralsMessage, GeneralsTimer> context) {
        context.setTimer(GeneralsTimer.DAWN, dawnNanos);
        if (index == 0) {
            sendRound(1, context);
        }
    }

    @Override
    public void onMessage(NodeId from, GeneralsMessage message, Context<GeneralsMessage, GeneralsTimer> context) {
        switch (message) {
            case GeneralsMessage.Messenger messenger -> {
                long bit = 1L << messenger.round();
                if (verdict != Verdict.UNDECIDED || (received & bit) != 0) {
                    return;
                }
                received |= bit;
                if (messenger.round() < rounds) {
                    sendRound(messenger.round() + 1, context);
                }
            }
        }
    }

    @Override
    public void onTimer(GeneralsTimer timer, Context<GeneralsMessage, GeneralsTimer> context) {
        switch (timer) {
            case DAWN -> {
                if (verdict != Verdict.UNDECIDED) {
                    return;
                }
                verdict = hasEveryRoundAddressedToMe() ? Verdict.ATTACK : Verdict.RETREAT;
                context.deliver(new Decision(verdict == Verdict.ATTACK));
            }
        }
    }

    private void sendRound(int round, Context<GeneralsMessage, GeneralsTimer> context) {
        GeneralsMessage.Messenger messenger = new GeneralsMessage.Messenger(round);
        for (int copy = 0; copy < copies; copy++) {
            context.sendToOthers(messenger);
        }
    }

    /** Rounds 1, 3, 5, ... go to general 1; rounds 2, 4, ... to general 0. */
    private boolean hasEveryRoundAddressedToMe() {
        for (int round = index == 0 ? 2 : 1; round <= rounds; round += 2) {
            if ((received & (1L << round)) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether dawn has come for this general.
     *
     * @return true once it has decided to attack or not
     */
    public boolean decided() {
        return verdict != Verdict.UNDECIDED;
    }

    /**
     * Whether this general attacks; only meaningful once {@link #decided()}.
     *
     * @return true when it decided to attack
     */
    public boolean attacks() {
        return verdict == Verdict.ATTACK;
    }

    @Override
    public General copy() {
        return new General(this);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof General that
                && index == that.index
                && rounds == that.rounds
                && copies == that.copies
                && dawnNanos == that.dawnNanos
                && received == that.received
                && verdict == that.verdict;
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, rounds, copies, dawnNanos, received, verdict.ordinal());
    }

    @Override
    public String toString() {
        return "General" + (index + 1) + "[received=" + Long.toBinaryString(received) + ", " + verdict + "]";
    }
}
