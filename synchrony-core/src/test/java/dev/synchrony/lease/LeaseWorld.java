package dev.synchrony.lease;

import dev.synchrony.core.InMemoryStableStorage;
import dev.synchrony.core.NodeId;
import dev.synchrony.core.StableStorage;
import dev.synchrony.mutex.CriticalSection;
import dev.synchrony.mutex.NamedLocks;
import dev.synchrony.testing.TestContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A small discrete-event world for {@link LeaseLock} tests that keeps REAL time beside each member's drifting
 * clock, so tests can judge what members believed at the same real instant. Its network loses, duplicates and
 * delays messages and honours partitions; members crash, restart on the same stable storage, and pause (their
 * messages and timers pile up and run when they resume).
 *
 * <p>Beliefs are tracked from the members' own state after every handler: a member believes it holds the lock
 * from the real time it entered until it left, or until the real time its clock reaches its grant's expiry,
 * whichever is first (an application checks {@link LeaseLock#holdsAt} before each use); it believes it leads
 * likewise until its leader lease ends on its clock.
 */
final class LeaseWorld {

    /** A real-time interval in which {@code member} believed it held the grant {@code token} (or led its term). */
    static final class Belief {
        final String lock;
        final NodeId member;
        final long token;
        final long start;
        long end;

        Belief(String lock, NodeId member, long token, long start, long end) {
            this.lock = lock;
            this.member = member;
            this.token = token;
            this.start = start;
            this.end = end;
        }

        boolean overlaps(Belief other) {
            return lock.equals(other.lock) && start < other.end && other.start < end;
        }

        @Override
        public String toString() {
            return (lock.isEmpty() ? "" : lock + ":") + member + "[" + Long.toHexString(token) + "] " + start + ".."
                    + end;
        }
    }

    /** An output handed to a member's application, at a real time. */
    record Output(long realTime, NodeId member, Object output) {}

    private record Event(long time, long seq, int member, int incarnation, Object what) {}

    private record Arrival(NodeId from, LeaseLock.Message message) {}

    private record Fire(LeaseLock.Timer timer, long id) {}

    private record Command(Object command) {}

    final LeaseSettings settings;
    final List<NodeId> ids;
    private final SplittableRandom random;
    private final Member[] members;
    private final PriorityQueue<Event> agenda =
            new PriorityQueue<>((a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private long seq;
    long now;
    // Network.
    double loss;
    double duplicate;
    long minLatency = 1_000_000L;
    long maxLatency = 10_000_000L;
    /** The chance that a message is held up far longer, up to {@link #spikeLatency} (a slow network, a GC). */
    double spike;

    long spikeLatency;
    private int[] side;
    // What happened.
    final List<Belief> holds = new ArrayList<>();
    final List<Belief> leads = new ArrayList<>();
    final List<Output> outputs = new ArrayList<>();
    /** Every grant's token of the default lock as its holder entered, in real-time order. */
    final List<Long> entered = new ArrayList<>();
    /** The same for every lock, by name (the default lock under ""). */
    final Map<String, List<Long>> enteredByLock = new java.util.TreeMap<>();

    long lateGrants;

    LeaseWorld(int size, LeaseSettings settings, long seed) {
        this.settings = settings;
        this.ids = NodeId.range(size);
        this.random = new SplittableRandom(seed);
        this.members = new Member[size];
        this.side = new int[size];
        for (int i = 0; i < size; i++) {
            members[i] = new Member(i);
        }
    }

    /** Sets member {@code index}'s clock: it reads {@code offset + rate * real}. */
    void clock(int index, double rate, long offset) {
        if (Math.abs(rate - 1) > settings.rho() + 1e-12) {
            throw new IllegalArgumentException("rate " + rate + " drifts beyond rho " + settings.rho());
        }
        members[index].rate = rate;
        members[index].offset = offset;
    }

    void startAll() {
        for (Member member : members) {
            member.start();
        }
    }

    LeaseLock node(int index) {
        return members[index].node;
    }

    long localTime(int index) {
        return members[index].local(now);
    }

    /** The application of a running member gives a command now; a paused member takes it when it resumes. */
    void command(int index, Object command) {
        Member member = members[index];
        if (member.node == null) {
            return;
        }
        if (now < member.pausedUntil) {
            agenda.add(new Event(member.pausedUntil, seq++, index, member.incarnation, new Command(command)));
            return;
        }
        member.run(node -> node.onCommand(command, member.context));
    }

    /** Each inner list is one side; members on different sides cannot reach each other. */
    void partition(List<List<Integer>> sides) {
        side = new int[members.length];
        for (int s = 0; s < sides.size(); s++) {
            for (int index : sides.get(s)) {
                side[index] = s + 1;
            }
        }
    }

    void heal() {
        side = new int[members.length];
    }

    boolean paused(int index) {
        return now < members[index].pausedUntil;
    }

    void pause(int index, long forNanos) {
        members[index].pausedUntil = Math.max(members[index].pausedUntil, now + forNanos);
    }

    void crash(int index) {
        Member member = members[index];
        member.closeBeliefs();
        member.node = null;
        member.incarnation++;
        member.timers.clear();
    }

    void restart(int index) {
        if (members[index].node == null) {
            members[index].start();
        }
    }

    boolean up(int index) {
        return members[index].node != null;
    }

    /** Runs every event due up to real time {@code until}. */
    void runUntil(long until) {
        while (!agenda.isEmpty() && agenda.peek().time <= until) {
            Event event = agenda.poll();
            now = Math.max(now, event.time);
            Member member = members[event.member];
            if (member.node == null || member.incarnation != event.incarnation) {
                continue;
            }
            if (now < member.pausedUntil) {
                agenda.add(new Event(member.pausedUntil, seq++, event.member, event.incarnation, event.what));
                continue;
            }
            switch (event.what) {
                case Arrival arrival -> {
                    int from = ids.indexOf(arrival.from());
                    if (side[from] == side[event.member]) {
                        member.run(node -> node.onMessage(arrival.from(), arrival.message(), member.context));
                    }
                }
                case Fire fire -> {
                    List<Long> pending = member.timers.get(fire.timer());
                    if (pending != null && pending.remove(fire.id())) {
                        member.run(node -> node.onTimer(fire.timer(), member.context));
                    }
                }
                case Command command -> member.run(node -> node.onCommand(command.command(), member.context));
                default -> throw new IllegalStateException("unknown event " + event.what);
            }
        }
        now = Math.max(now, until);
    }

    /** The real time at which the first output of {@code type} from member {@code index} came after {@code since}. */
    long firstOutput(int index, Class<?> type, long since) {
        return outputs.stream()
                .filter(o -> o.member().equals(ids.get(index)) && type.isInstance(o.output()) && o.realTime() >= since)
                .mapToLong(Output::realTime)
                .findFirst()
                .orElse(Long.MAX_VALUE);
    }

    /** The index of the member that leads now under a valid lease, or -1. */
    int leaderNow() {
        for (int i = 0; i < members.length; i++) {
            if (members[i].node != null && members[i].node.leadsAt(members[i].local(now))) {
                return i;
            }
        }
        return -1;
    }

    /** Pairs of beliefs (held grants, or leaderships) of different tokens that overlap in real time. */
    static List<String> overlaps(List<Belief> beliefs) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < beliefs.size(); i++) {
            for (int j = i + 1; j < beliefs.size(); j++) {
                Belief a = beliefs.get(i);
                Belief b = beliefs.get(j);
                if (a.token != b.token && a.overlaps(b)) {
                    found.add(a + " overlaps " + b);
                }
            }
        }
        return found;
    }

    private void transmit(int fromIndex, NodeId to, LeaseLock.Message message) {
        int copies = random.nextDouble() < loss ? 0 : random.nextDouble() < duplicate ? 2 : 1;
        int toIndex = ids.indexOf(to);
        for (int c = 0; c < copies; c++) {
            long latency = minLatency + random.nextLong(maxLatency - minLatency + 1);
            if (spike > 0 && random.nextDouble() < spike) {
                latency += random.nextLong(spikeLatency + 1);
            }
            agenda.add(new Event(
                    now + latency,
                    seq++,
                    toIndex,
                    members[toIndex].incarnation,
                    new Arrival(ids.get(fromIndex), message)));
        }
    }

    /** One process: its node (null while crashed), clock, storage, timers and what it believes. */
    private final class Member {
        final int index;
        final StableStorage storage = new InMemoryStableStorage();
        final Map<LeaseLock.Timer, List<Long>> timers = new HashMap<>();
        final WorldContext context;
        LeaseLock node;
        int incarnation;
        double rate = 1;
        long offset;
        long pausedUntil;
        long timerIds;
        final Map<String, Belief> holding = new java.util.TreeMap<>();
        Belief leading;

        Member(int index) {
            this.index = index;
            this.context = new WorldContext(this);
        }

        long local(long real) {
            return offset + (long) Math.floor(rate * real);
        }

        /** The first real time at which this member's clock reads at least {@code local}. */
        long realAt(long local) {
            long real = (long) Math.ceil((local - offset) / rate);
            while (local(real) < local) {
                real++;
            }
            while (real > 0 && local(real - 1) >= local) {
                real--;
            }
            return real;
        }

        void start() {
            node = new LeaseLock(settings);
            run(n -> n.onStart(context));
        }

        void run(Consumer<LeaseLock> handler) {
            context.nowNanos = local(now);
            handler.accept(node);
            observe();
        }

        /** Reads what the member now believes, after a handler. */
        void observe() {
            long localNow = local(now);
            java.util.TreeSet<String> locks = new java.util.TreeSet<>(holding.keySet());
            locks.addAll(node.heldLocks());
            for (String lock : locks) {
                Belief held = holding.get(lock);
                if (node.holdsAt(lock, localNow)) {
                    long end = realAt(node.grantExpiresAt(lock));
                    if (held == null || held.token != node.fencingToken(lock)) {
                        closeHolding(lock);
                        held = new Belief(lock, ids.get(index), node.fencingToken(lock), now, end);
                        holding.put(lock, held);
                        holds.add(held);
                    } else {
                        held.end = Math.max(held.end, end);
                    }
                } else {
                    closeHolding(lock);
                }
            }
            if (node.leadsAt(localNow)) {
                long end = realAt(node.leadershipEndsAt());
                if (leading == null || leading.token != node.term()) {
                    closeLeading();
                    leading = new Belief("", ids.get(index), node.term(), now, end);
                    leads.add(leading);
                } else {
                    leading.end = Math.max(leading.end, end);
                }
            } else {
                closeLeading();
            }
        }

        void closeBeliefs() {
            for (String lock : List.copyOf(holding.keySet())) {
                closeHolding(lock);
            }
            closeLeading();
        }

        private void closeHolding(String lock) {
            Belief held = holding.remove(lock);
            if (held != null) {
                held.end = Math.min(held.end, now);
            }
        }

        private void closeLeading() {
            if (leading != null) {
                leading.end = Math.min(leading.end, now);
                leading = null;
            }
        }
    }

    private final class WorldContext extends TestContext<LeaseLock.Message, LeaseLock.Timer> {
        private final Member member;

        WorldContext(Member member) {
            super(ids.get(member.index), ids, 1000 + member.index);
            this.member = member;
        }

        @Override
        public StableStorage stableStorage() {
            return member.storage;
        }

        @Override
        public void send(NodeId to, LeaseLock.Message message) {
            transmit(member.index, to, message);
        }

        @Override
        public void setTimer(LeaseLock.Timer timer, long delayNanos) {
            long id = member.timerIds++;
            member.timers.computeIfAbsent(timer, t -> new ArrayList<>()).add(id);
            long fireAt = member.realAt(nowNanos + Math.max(0, delayNanos));
            agenda.add(new Event(Math.max(now, fireAt), seq++, member.index, member.incarnation, new Fire(timer, id)));
        }

        @Override
        public void cancelTimer(LeaseLock.Timer timer) {
            member.timers.remove(timer);
        }

        @Override
        public void deliver(Object output) {
            outputs.add(new Output(now, self(), output));
        }

        @Override
        public void record(Object event) {
            if (event instanceof CriticalSection.Entered e) {
                entered.add(e.fencingToken());
                enteredByLock.computeIfAbsent("", l -> new ArrayList<>()).add(e.fencingToken());
            } else if (event instanceof NamedLocks.NamedEvent(String lock, CriticalSection.Entered e)) {
                enteredByLock.computeIfAbsent(lock, l -> new ArrayList<>()).add(e.fencingToken());
            } else if (event instanceof NamedLocks.NamedEvent(String lock, LeaseLock.LateGrantIgnored ignored)) {
                lateGrants++;
            } else if (event instanceof LeaseLock.LateGrantIgnored) {
                lateGrants++;
            }
        }
    }

    /** Outputs of one kind, for assertions. */
    <X> List<X> outputsOf(int index, Class<X> type) {
        return outputs.stream()
                .filter(o -> o.member().equals(ids.get(index)))
                .map(Output::output)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }
}
