package dev.synchrony.explore;

import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.List;

/** The scripted form of a path: which message arrived when, which timer fired when, who crashed. */
final class ReplayedPath implements Tracker {
    final List<NodeId> members;
    final List<Counterexample.PathStep> steps = new ArrayList<>();
    final List<SentMessage> sent = new ArrayList<>();
    final List<SetTimer> timersSet = new ArrayList<>();
    final List<long[]> crashes = new ArrayList<>();
    final List<Object[]> commands = new ArrayList<>();
    long time;

    ReplayedPath(List<NodeId> members) {
        this.members = members;
    }

    static final class SentMessage {
        final int from;
        final int to;
        final Object message;
        final int envelope;
        final long sentAt;
        long arrivedAt = -1;
        boolean lost;

        SentMessage(int from, int to, Object message, int envelope, long sentAt) {
            this.from = from;
            this.to = to;
            this.message = message;
            this.envelope = envelope;
            this.sentAt = sentAt;
        }

        boolean settled() {
            return lost || arrivedAt >= 0;
        }
    }

    static final class SetTimer {
        final int node;
        final Object timer;
        final int timerId;
        final long setAt;
        long firedAt = -1;
        boolean gone;

        SetTimer(int node, Object timer, int timerId, long setAt) {
            this.node = node;
            this.timer = timer;
            this.timerId = timerId;
            this.setAt = setAt;
        }
    }

    @Override
    public void sent(int from, int to, Object message, int envelope, boolean droppedNow) {
        SentMessage record = new SentMessage(from, to, message, envelope, time);
        record.lost = droppedNow;
        sent.add(record);
    }

    @Override
    public void messageGone(int envelope, boolean delivered) {
        for (SentMessage record : sent) {
            if (record.envelope == envelope && !record.settled()) {
                if (delivered) {
                    record.arrivedAt = time;
                } else {
                    record.lost = true;
                }
                return;
            }
        }
    }

    @Override
    public void timerSet(int node, Object timer, int timerId) {
        timersSet.add(new SetTimer(node, timer, timerId, time));
    }

    @Override
    public void timerGone(int timerId, boolean fired) {
        for (SetTimer record : timersSet) {
            if (record.timerId == timerId && !record.gone) {
                record.gone = true;
                if (fired) {
                    record.firedAt = time;
                }
                return;
            }
        }
    }

    @Override
    public void crashed(int node, boolean recovered) {
        if (recovered) {
            for (int i = crashes.size() - 1; i >= 0; i--) {
                if ((int) crashes.get(i)[0] == node && crashes.get(i)[2] < 0) {
                    crashes.get(i)[2] = time;
                    return;
                }
            }
        } else {
            crashes.add(new long[] {node, time, -1});
        }
    }

    @Override
    public void commanded(int node, Object command) {
        commands.add(new Object[] {time, node, command});
    }
}
