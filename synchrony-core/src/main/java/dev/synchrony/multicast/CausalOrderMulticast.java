package dev.synchrony.multicast;

import dev.synchrony.clocks.VectorClock;
import dev.synchrony.core.Context;
import dev.synchrony.core.NoTimer;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Causally ordered multicast with vector clocks, as the lecture states it: a message is delivered only once
 * every message that causally precedes it has been delivered.
 * <ul>
 *   <li>P_i increments VC_i[i] only when it multicasts a message, and sends VC_i with it as ts(m); it delivers
 *   its own message at once.</li>
 *   <li>P_j postpones delivery of m from P_i until ts(m)[i] = VC_j[i] + 1 (m is the next message from P_i) and
 *   ts(m)[k] &lt;= VC_j[k] for every k != i (P_j has delivered everything P_i had delivered when it sent m).
 *   Delivering m sets VC_j[k] to max(VC_j[k], ts(m)[k]), that is VC_j[i] to ts(m)[i].</li>
 * </ul>
 * Each postponement is recorded ({@link Postponed}). Concurrent messages may be delivered in different orders at
 * different processes: causal order is weaker than total order.
 *
 * <p>Assumptions: reliable channels (a lost message blocks everything that causally follows it; FIFO is not
 * needed, the first condition restores per-sender order) and no crash: a restarted process starts from a zero
 * clock and so cannot interpret timestamps of the group it rejoins.
 *
 * <p>Source: the lecture (after Birman, Schiper and Stephenson 1991; van Steen and Tanenbaum, ch. 6).
 */
public final class CausalOrderMulticast implements Node<CausalMessage, NoTimer, MulticastCommand> {

    private VectorClock clock;
    private final List<CausalMessage.Update> postponed;

    public CausalOrderMulticast() {
        this.postponed = new ArrayList<>();
    }

    private CausalOrderMulticast(CausalOrderMulticast other) {
        this.clock = other.clock;
        this.postponed = new ArrayList<>(other.postponed);
    }

    @Override
    public void onStart(Context<CausalMessage, NoTimer> context) {
        clock = VectorClock.zero(context.members().size());
    }

    @Override
    public void onCommand(MulticastCommand command, Context<CausalMessage, NoTimer> context) {
        switch (command) {
            case MulticastCommand.Publish publish -> {
                int self = context.members().indexOf(context.self());
                clock = clock.tick(self);
                CausalMessage.Update update = new CausalMessage.Update(context.self(), clock, publish.payload());
                context.sendToOthers(update);
                context.deliver(new Delivered(context.self(), clock.get(self), publish.payload()));
            }
        }
    }

    @Override
    public void onMessage(NodeId from, CausalMessage message, Context<CausalMessage, NoTimer> context) {
        switch (message) {
            case CausalMessage.Update update -> {
                int origin = context.members().indexOf(update.origin());
                if (origin < 0 || update.timestamp().size() != clock.size()) {
                    throw new IllegalArgumentException("update from outside the group: " + update);
                }
                if (update.timestamp().get(origin) <= clock.get(origin)) {
                    return; // already delivered (a duplicate from a channel that is not exactly-once)
                }
                if (!deliverable(update, origin)) {
                    context.record(
                            new Postponed(update.origin(), update.timestamp().get(origin), update.timestamp(), clock));
                    postponed.add(update);
                    return;
                }
                deliver(update, origin, context);
                deliverPostponed(context);
            }
        }
    }

    @Override
    public void onTimer(NoTimer timer, Context<CausalMessage, NoTimer> context) {}

    /** The lecture's two conditions. */
    private boolean deliverable(CausalMessage.Update update, int origin) {
        VectorClock ts = update.timestamp();
        if (ts.get(origin) != clock.get(origin) + 1) {
            return false;
        }
        for (int k = 0; k < clock.size(); k++) {
            if (k != origin && ts.get(k) > clock.get(k)) {
                return false;
            }
        }
        return true;
    }

    private void deliver(CausalMessage.Update update, int origin, Context<CausalMessage, NoTimer> context) {
        clock = clock.merge(update.timestamp());
        context.deliver(new Delivered(update.origin(), update.timestamp().get(origin), update.payload()));
    }

    /** Delivers postponed messages that have become deliverable, until none has. */
    private void deliverPostponed(Context<CausalMessage, NoTimer> context) {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Iterator<CausalMessage.Update> it = postponed.iterator(); it.hasNext(); ) {
                CausalMessage.Update update = it.next();
                int origin = context.members().indexOf(update.origin());
                if (update.timestamp().get(origin) <= clock.get(origin)) {
                    it.remove(); // a duplicate postponed twice
                } else if (deliverable(update, origin)) {
                    it.remove();
                    deliver(update, origin, context);
                    progress = true;
                }
            }
        }
    }

    /** VC_j: entry k counts the messages of P_k this process has delivered. */
    public VectorClock clock() {
        return clock;
    }

    public int postponedCount() {
        return postponed.size();
    }

    @Override
    public CausalOrderMulticast copy() {
        return new CausalOrderMulticast(this);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CausalOrderMulticast that
                && Objects.equals(clock, that.clock)
                && postponed.equals(that.postponed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clock, postponed);
    }

    @Override
    public java.util.SequencedMap<String, Object> displayState() {
        java.util.SequencedMap<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("vector clock", clock.toString());
        state.put("postponed", postponed.size());
        return state;
    }

    @Override
    public String toString() {
        return "CausalOrderMulticast[" + clock + ", postponed=" + postponed.size() + "]";
    }
}
