package dev.synchrony.sim;

import dev.synchrony.catalog.Durations;
import dev.synchrony.core.Context;
import dev.synchrony.core.InMemoryStableStorage;
import dev.synchrony.core.LocalClock;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.core.StableStorage;
import dev.synchrony.sim.EventQueue.Scheduled;
import dev.synchrony.sim.fault.CrashSpec;
import dev.synchrony.sim.fault.PartitionSpec;
import dev.synchrony.sim.fault.PauseSpec;
import dev.synchrony.sim.fault.WriteCrashSpec;
import dev.synchrony.sim.script.Script;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The deterministic simulator. A run is a loop over an agenda of timed events (message arrivals, timers,
 * commands, crashes, recoveries, pauses and resumptions) in virtual time; every random choice comes from streams split off the seed,
 * one per process, one for the network, one for the clocks and one for the workload, so the same config gives
 * the same trace byte for byte.
 *
 * <p>Each process is hosted by a {@link Host}, which is the {@link Context} its node acts through. A node's
 * {@code send} becomes a SEND event and one scheduled arrival per copy the network lets through.
 */
public final class Simulation {

    private final SimulatedAlgorithm spec;
    private final SimConfig config;
    private final RunSetup setup;
    private final EventQueue agenda = new EventQueue();
    private final Trace trace;
    private final Host[] hosts;
    private final Map<NodeId, Host> hostsById = new HashMap<>();
    private final SplittableRandom networkRandom;
    private final SplittableRandom workloadRandom;
    private final Workload workload;
    private final WorkloadContext workloadContext = new WorkloadHooks();
    private final long[] lastArrivalOnLink;
    private final List<Script.ScriptDelivery> unusedScriptDeliveries;
    private final List<Script.ScriptTimer> unusedScriptTimers;
    private long now;
    private long nextMessageId;
    private long sent;
    private long duplicated;
    private long received;
    private long lostToFaults;
    private long lostToPartitions;
    private long lostToCrashes;
    private long inFlight;

    private Simulation(SimulatedAlgorithm spec, SimConfig config) {
        this.spec = spec;
        this.config = config;
        this.setup = RunSetup.of(spec.algorithm(), config);
        this.trace = new Trace(config.nodes(), config.traceDetail() != SimConfig.TraceDetail.COUNTS);
        trace.recordStates(config.traceDetail() == SimConfig.TraceDetail.STATES);
        SplittableRandom root = new SplittableRandom(config.seed());
        this.networkRandom = root.split();
        SplittableRandom clockRandom = root.split();
        this.workloadRandom = root.split();
        int n = config.nodes().size();
        this.hosts = new Host[n];
        Map<NodeId, Script.ProcessSpec> scripted = new HashMap<>();
        if (config.script() != null) {
            config.script().processes().forEach(p -> scripted.put(p.id(), p));
        }
        for (int i = 0; i < n; i++) {
            NodeId id = config.nodes().get(i);
            double rate = 1.0 + config.driftRho() * (2 * clockRandom.nextDouble() - 1);
            long offset = config.clockOffsetMaxNanos() == 0
                    ? 0
                    : clockRandom.nextLong(-config.clockOffsetMaxNanos(), config.clockOffsetMaxNanos() + 1);
            Script.ProcessSpec process = scripted.get(id);
            if (process != null) {
                rate = process.rate();
                offset = process.offsetNanos();
            } else if (spec.referenceClock(id, setup)) {
                rate = 1.0;
                offset = 0;
            }
            SimulatedClock clock = new SimulatedClock(() -> now, rate, offset);
            long wanderPeriod = spec.clockWanderPeriodNanos(setup);
            if (process == null && !spec.referenceClock(id, setup) && wanderPeriod > 0 && config.driftRho() > 0) {
                // The rate swings through the whole of [1 - rho, 1 + rho], each clock with its own period and phase.
                long period = Math.max(1, Math.round(wanderPeriod * (0.5 + 1.5 * clockRandom.nextDouble())));
                clock = new SimulatedClock(() -> now, 1.0, offset)
                        .wander(config.driftRho(), period, 2 * Math.PI * clockRandom.nextDouble());
            }
            hosts[i] = new Host(i, id, clock, root.split());
            hostsById.put(id, hosts[i]);
        }
        this.lastArrivalOnLink = config.network().fifo() ? new long[n * n] : null;
        this.unusedScriptDeliveries = config.script() == null
                ? List.of()
                : new ArrayList<>(config.script().deliveries());
        this.unusedScriptTimers = config.script() == null
                ? List.of()
                : new ArrayList<>(config.script().timers());
        this.workload =
                config.script() == null ? spec.workload(setup) : new ScriptedWorkload(config.script(), spec, setup);
    }

    /** Runs {@code spec} under {@code config} and checks its properties. */
    public static RunResult run(SimulatedAlgorithm spec, SimConfig config) {
        return new Simulation(spec, config).execute();
    }

    /** The setup a run of {@code config} would get (params resolved), for callers that need it before running. */
    public static RunSetup setupFor(SimulatedAlgorithm spec, SimConfig config) {
        return new Simulation(spec, config).setup;
    }

    private RunResult execute() {
        long wallStart = System.nanoTime();
        for (CrashSpec crash : config.crashes()) {
            Host host = hostsById.get(crash.node());
            agenda.add(new Crash(host), crash.atNanos());
            if (crash.recovers()) {
                agenda.add(new Recovery(host), crash.recoverAtNanos());
            }
        }
        for (PauseSpec pause : config.pauses()) {
            Host host = hostsById.get(pause.node());
            agenda.add(new Pause(host), pause.fromNanos());
            agenda.add(new Resume(host), pause.untilNanos());
        }
        for (Host host : hosts) {
            host.node = newNode(host);
            host.up = true;
            host.handle(EventKind.START, -1, -1, null, () -> host.node.onStart(host));
        }
        workload.start(workloadContext);
        Scheduled next;
        while ((next = agenda.peek()) != null && next.timeNanos <= config.durationNanos()) {
            agenda.poll();
            now = next.timeNanos;
            dispatch(next);
        }
        now = Math.min(Math.max(now, 0), config.durationNanos());
        List<Node<?, ?, ?>> finalNodes = new ArrayList<>();
        for (Host host : hosts) {
            finalNodes.add(host.up ? host.node : null);
        }
        NetworkStats stats =
                new NetworkStats(sent, duplicated, received, lostToFaults, lostToPartitions, lostToCrashes, inFlight);
        RunResult result = new RunResult(
                config,
                setup,
                trace,
                finalNodes,
                stats,
                config.durationNanos(),
                System.nanoTime() - wallStart,
                List.of());
        List<CheckResult> checks = new ArrayList<>();
        for (PropertyCheck check : spec.checks(setup)) {
            checks.add(
                    trace.complete()
                            ? check.check(result)
                            : CheckResult.skipped(check.name(), "the run kept only counts (--trace-detail counts)"));
        }
        return result.withChecks(checks);
    }

    @SuppressWarnings("unchecked")
    private Node<Object, Object, Object> newNode(Host host) {
        return (Node<Object, Object, Object>) spec.algorithm().newNode(host.id, setup.environment());
    }

    @SuppressWarnings("unchecked")
    private Node<Object, Object, Object> recoveredNode(Host host) {
        return (Node<Object, Object, Object>) spec.algorithm().recoveredNode(host.id, setup.environment());
    }

    private void dispatch(Scheduled event) {
        switch (event) {
            case Arrival arrival -> arrive(arrival);
            case TimerFiring firing -> {
                if (firing.host.paused && firing.host.up) {
                    firing.host.pile.add(firing);
                } else {
                    fire(firing);
                }
            }
            case CommandArrival command -> {
                if (command.host.paused && command.host.up) {
                    command.host.pile.add(command);
                } else {
                    command(command);
                }
            }
            case Crash crash -> crash(crash.host);
            case Recovery recovery -> recover(recovery.host);
            case Pause pause -> pause(pause.host);
            case Resume resume -> resume(resume.host);
            default -> throw new IllegalStateException("unknown agenda entry " + event);
        }
    }

    private void command(CommandArrival command) {
        Host host = command.host;
        if (host.up) {
            host.handle(EventKind.COMMAND, -1, -1, command.command, () -> host.node.onCommand(command.command, host));
        }
    }

    private void arrive(Arrival arrival) {
        inFlight--;
        Host to = arrival.to;
        if (!to.up) {
            lostToCrashes++;
            recordLoss(arrival, "receiver down");
            return;
        }
        for (PartitionSpec partition : config.partitions()) {
            if (partition.activeAt(now) && partition.separates(arrival.from.id, to.id)) {
                lostToPartitions++;
                recordLoss(arrival, "partition");
                return;
            }
        }
        if (to.paused) {
            // It reached the paused process's buffers: it will be read, late, when the process resumes.
            to.pile.add(arrival);
            return;
        }
        receive(arrival);
    }

    private void receive(Arrival arrival) {
        Host to = arrival.to;
        received++;
        to.lamport = Math.max(to.lamport, arrival.lamport);
        to.handle(
                EventKind.RECEIVE,
                arrival.from.index,
                arrival.messageId,
                arrival.message,
                () -> to.node.onMessage(arrival.from.id, arrival.message, to));
    }

    private void recordLoss(Arrival arrival, String reason) {
        trace.add(new TraceEvent(
                trace.nextId(),
                now,
                arrival.to.index,
                EventKind.LOSS,
                arrival.to.clock.nanos(),
                0,
                arrival.from.index,
                arrival.messageId,
                new Loss(arrival.message, reason)));
    }

    /** The payload of a LOSS event. */
    public record Loss(Object message, String reason) {
        @Override
        public String toString() {
            return "lost (" + reason + "): " + message;
        }
    }

    private void fire(TimerFiring firing) {
        Host host = firing.host;
        if (firing.cancelled || !host.up || firing.incarnation != host.incarnation) {
            return;
        }
        List<TimerFiring> pending = host.timers.get(firing.timer);
        if (pending != null) {
            pending.remove(firing);
            if (pending.isEmpty()) {
                host.timers.remove(firing.timer);
            }
        }
        host.handle(EventKind.TIMER, -1, -1, firing.timer, () -> host.node.onTimer(firing.timer, host));
    }

    private void pause(Host host) {
        if (!host.up) {
            return; // a process that is down has nothing to pause
        }
        host.paused = true;
        host.record(EventKind.PAUSE, -1, -1, null);
    }

    /**
     * The process runs again and works through what piled up, in the order it arrived, before anything later: a
     * timer it cancels while doing so is skipped, as it would be had it been running.
     */
    private void resume(Host host) {
        if (!host.paused) {
            return;
        }
        host.paused = false;
        host.record(EventKind.RESUME, -1, -1, host.pile.size() + " inputs piled up");
        List<Scheduled> piled = new ArrayList<>(host.pile);
        host.pile.clear();
        for (Scheduled input : piled) {
            if (!host.up) {
                // It crashed (inside a write) while working through the pile: the rest is lost with its memory.
                if (input instanceof Arrival arrival) {
                    lostToCrashes++;
                    recordLoss(arrival, "receiver crashed while handling what piled up");
                }
                continue;
            }
            switch (input) {
                case Arrival arrival -> receive(arrival);
                case TimerFiring firing -> fire(firing);
                case CommandArrival command -> command(command);
                default -> throw new IllegalStateException("unexpected piled-up input " + input);
            }
        }
    }

    private void crash(Host host) {
        crash(host, null);
    }

    /**
     * The process crashed inside a stable-storage write (the disk has the value or not, as the crash point says):
     * it goes down at once, and comes back after the crash point's delay if it has one.
     */
    private void crashInWrite(Host host, CrashedInWrite crashed) {
        crash(host, "crashed " + crashed.point.describe(crashed.key));
        if (crashed.point.recovers()) {
            agenda.add(new Recovery(host), now + crashed.point.recoverAfterNanos());
        }
    }

    private void crash(Host host, String reason) {
        if (!host.up) {
            return;
        }
        if (host.paused) {
            // A crash ends the pause, and what piled up in the process's memory is lost with it.
            for (Scheduled input : host.pile) {
                if (input instanceof Arrival arrival) {
                    lostToCrashes++;
                    recordLoss(arrival, "receiver crashed while paused");
                }
            }
            host.pile.clear();
            host.paused = false;
        }
        host.up = false;
        host.incarnation++;
        host.timers.clear();
        host.record(EventKind.CRASH, -1, -1, reason);
    }

    private void recover(Host host) {
        if (host.up) {
            return;
        }
        host.up = true;
        host.node = recoveredNode(host);
        host.handle(EventKind.RECOVER, -1, -1, null, () -> host.node.onStart(host));
    }

    private void transmit(Host from, NodeId toId, Object message) {
        Host to = hostsById.get(toId);
        if (to == null) {
            throw new IllegalArgumentException(
                    from.id + " sent " + message + " to " + toId + ", which is not a member");
        }
        long messageId = nextMessageId++;
        from.record(EventKind.SEND, to.index, messageId, message);
        sent++;
        long lamport = from.lamport;
        Script.ScriptDelivery rule = takeScriptDelivery(from.id, toId);
        if (rule != null) {
            if (rule.lost()) {
                lostToFaults++;
                trace.add(new TraceEvent(
                        trace.nextId(),
                        now,
                        to.index,
                        EventKind.LOSS,
                        to.clock.nanos(),
                        0,
                        from.index,
                        messageId,
                        new Loss(message, "scripted loss")));
            } else {
                schedule(new Arrival(from, to, message, messageId, lamport), Math.max(now, rule.arriveAtNanos()));
            }
            return;
        }
        NetworkModel network = config.network();
        if (network.loss() > 0 && networkRandom.nextDouble() < network.loss()) {
            lostToFaults++;
            trace.add(new TraceEvent(
                    trace.nextId(),
                    now,
                    to.index,
                    EventKind.LOSS,
                    to.clock.nanos(),
                    0,
                    from.index,
                    messageId,
                    new Loss(message, "network loss")));
        } else {
            schedule(new Arrival(from, to, message, messageId, lamport), arrivalTime(from, to));
        }
        if (network.duplicate() > 0 && networkRandom.nextDouble() < network.duplicate()) {
            duplicated++;
            schedule(new Arrival(from, to, message, messageId, lamport), arrivalTime(from, to));
        }
    }

    private void schedule(Arrival arrival, long at) {
        inFlight++;
        agenda.add(arrival, at);
    }

    private Script.ScriptDelivery takeScriptDelivery(NodeId from, NodeId to) {
        for (int i = 0; i < unusedScriptDeliveries.size(); i++) {
            Script.ScriptDelivery rule = unusedScriptDeliveries.get(i);
            if (rule.from().equals(from) && rule.to().equals(to) && rule.sentAtNanos() == now) {
                return unusedScriptDeliveries.remove(i);
            }
        }
        return null;
    }

    private Script.ScriptTimer takeScriptTimer(NodeId node) {
        for (int i = 0; i < unusedScriptTimers.size(); i++) {
            Script.ScriptTimer rule = unusedScriptTimers.get(i);
            if (rule.node().equals(node) && rule.setAtNanos() == now) {
                return unusedScriptTimers.remove(i);
            }
        }
        return null;
    }

    private long arrivalTime(Host from, Host to) {
        NetworkModel network = config.network();
        long latency;
        if (config.script() != null && config.script().latencyNanos() >= 0) {
            latency = config.script().latencyNanos();
        } else {
            long min = network.latencyMinNanos();
            long max = network.latencyMaxNanos();
            for (NetworkModel.LinkLatency link : network.linkLatencies()) {
                if (link.from().equals(from.id) && link.to().equals(to.id)) {
                    min = link.minNanos();
                    max = link.maxNanos();
                }
            }
            latency = switch (network.distribution()) {
                case UNIFORM -> max == min ? min : min + networkRandom.nextLong(max - min + 1);
                case EXPONENTIAL -> min + Math.round(-Math.log(1 - networkRandom.nextDouble()) * (max - min) / 2.0);
            };
            if (network.reorder() > 0 && networkRandom.nextDouble() < network.reorder()) {
                latency += networkRandom.nextLong(3 * Math.max(1, max) + 1);
            }
        }
        long at = now + latency;
        if (lastArrivalOnLink != null) {
            int link = from.index * hosts.length + to.index;
            at = Math.max(at, lastArrivalOnLink[link]);
            lastArrivalOnLink[link] = at;
        }
        return at;
    }

    /** One simulated process: the context its node acts through, and the simulator's book-keeping about it. */
    private final class Host implements Context<Object, Object> {
        final int index;
        final NodeId id;
        final SimulatedClock clock;
        final SplittableRandom random;
        final Map<Object, List<TimerFiring>> timers = new HashMap<>();
        final InMemoryStableStorage disk = new InMemoryStableStorage();
        /** The disk as the node sees it: writes numbered over the run, with the crash points of the config. */
        final StableStorage diskView = new CrashPointDisk(this);
        /** How many writes the node has begun, over all its incarnations. */
        int writesBegun;
        /** What arrived while the process was paused, in arrival order. */
        final List<Scheduled> pile = new ArrayList<>();

        Node<Object, Object, Object> node;
        boolean up;
        boolean paused;
        int incarnation;
        long lamport;

        Host(int index, NodeId id, SimulatedClock clock, SplittableRandom random) {
            this.index = index;
            this.id = id;
            this.clock = clock;
            this.random = random;
        }

        void handle(EventKind kind, int peer, long messageId, Object payload, Runnable handler) {
            long event = trace.nextId();
            record(kind, peer, messageId, payload);
            try {
                handler.run();
                if (trace.recordsStates() && node != null) {
                    // The state after the handler belongs to the event that caused it (a receipt, a command).
                    trace.setState(event, node.displayState());
                }
            } catch (CrashedInWrite crashed) {
                // The write never returned: what the handler meant to do after it is lost with the process.
                crashInWrite(this, crashed);
            } catch (RuntimeException e) {
                throw new SimulationException(
                        "process " + id + " failed handling " + kind.label()
                                + (payload == null ? "" : " " + payload) + " at " + Durations.human(now)
                                + " (replay: " + config.replayCommand() + "): " + e,
                        e);
            }
        }

        void record(EventKind kind, int peer, long messageId, Object payload) {
            lamport++;
            trace.add(now, index, kind, clock.nanos(), lamport, peer, messageId, payload);
        }

        private void requireUp(String what) {
            if (!up) {
                throw new IllegalStateException(id + " is down and cannot " + what);
            }
        }

        @Override
        public NodeId self() {
            return id;
        }

        @Override
        public List<NodeId> members() {
            return config.nodes();
        }

        @Override
        public void send(NodeId to, Object message) {
            requireUp("send");
            transmit(this, to, message);
        }

        @Override
        public void setTimer(Object timer, long delayNanos) {
            requireUp("set a timer");
            if (delayNanos < 0) {
                throw new IllegalArgumentException("negative timer delay " + delayNanos + " for " + timer);
            }
            TimerFiring firing = new TimerFiring(this, incarnation, timer);
            timers.computeIfAbsent(timer, t -> new ArrayList<>(1)).add(firing);
            Script.ScriptTimer rule = takeScriptTimer(id);
            agenda.add(firing, rule != null ? rule.fireAtNanos() : now + clock.realDelayFor(delayNanos));
        }

        @Override
        public void cancelTimer(Object timer) {
            List<TimerFiring> pending = timers.remove(timer);
            if (pending != null) {
                pending.forEach(f -> f.cancelled = true);
            }
        }

        @Override
        public LocalClock clock() {
            return clock;
        }

        @Override
        public RandomGenerator random() {
            return random;
        }

        @Override
        public void deliver(Object output) {
            record(EventKind.DELIVER, -1, -1, output);
            workload.onOutput(id, output, workloadContext);
        }

        @Override
        public void record(Object event) {
            record(EventKind.INTERNAL, -1, -1, event);
        }

        /**
         * The process's disk: it outlives crashes (the Host does), so a recovered node reads what it wrote. A write
         * returns once durable, which in the simulator is at once, unless the config puts a crash point inside it
         * ({@link WriteCrashSpec}: the process crashes before or after the value reaches the disk, and the write
         * never returns).
         */
        @Override
        public StableStorage stableStorage() {
            requireUp("write to its stable storage");
            return diskView;
        }
    }

    /** A process's disk with the config's crash points: each write is numbered, and a numbered one may crash. */
    private final class CrashPointDisk implements StableStorage {
        private final Host host;

        CrashPointDisk(Host host) {
            this.host = host;
        }

        @Override
        public void write(String key, byte[] value) {
            host.requireUp("write to its stable storage");
            int number = ++host.writesBegun;
            WriteCrashSpec point = null;
            for (WriteCrashSpec candidate : config.writeCrashes()) {
                if (candidate.node().equals(host.id) && candidate.write() == number) {
                    point = candidate;
                }
            }
            if (point == null || point.durable()) {
                host.disk.write(key, value);
            }
            if (point != null) {
                throw new CrashedInWrite(point, key);
            }
        }

        @Override
        public java.util.Optional<byte[]> read(String key) {
            return host.disk.read(key);
        }
    }

    /**
     * Unwinds a node's handler from inside a write at a crash point, as a power cut would: an Error, so that no
     * algorithm's catch of an exception can swallow it and carry on as if the write had returned.
     */
    private static final class CrashedInWrite extends Error {
        final transient WriteCrashSpec point;
        final String key;

        CrashedInWrite(WriteCrashSpec point, String key) {
            super("crash point " + point.format(), null, false, false);
            this.point = point;
            this.key = key;
        }
    }

    private final class WorkloadHooks implements WorkloadContext {
        @Override
        public long nowNanos() {
            return now;
        }

        @Override
        public long durationNanos() {
            return config.durationNanos();
        }

        @Override
        public List<NodeId> nodes() {
            return config.nodes();
        }

        @Override
        public RandomGenerator random() {
            return workloadRandom;
        }

        @Override
        public void command(NodeId node, Object command, long atNanos) {
            Host host = hostsById.get(node);
            if (host == null) {
                throw new IllegalArgumentException("the workload named " + node + ", which is not a member");
            }
            agenda.add(new CommandArrival(host, command), Math.max(now, atNanos));
        }

        @Override
        public boolean isUp(NodeId node) {
            return hostsById.get(node).up;
        }
    }

    private static final class Arrival extends Scheduled {
        final Host from;
        final Host to;
        final Object message;
        final long messageId;
        final long lamport;

        Arrival(Host from, Host to, Object message, long messageId, long lamport) {
            this.from = from;
            this.to = to;
            this.message = message;
            this.messageId = messageId;
            this.lamport = lamport;
        }
    }

    private static final class TimerFiring extends Scheduled {
        final Host host;
        final int incarnation;
        final Object timer;
        boolean cancelled;

        TimerFiring(Host host, int incarnation, Object timer) {
            this.host = host;
            this.incarnation = incarnation;
            this.timer = timer;
        }
    }

    private static final class CommandArrival extends Scheduled {
        final Host host;
        final Object command;

        CommandArrival(Host host, Object command) {
            this.host = host;
            this.command = command;
        }
    }

    private static final class Crash extends Scheduled {
        final Host host;

        Crash(Host host) {
            this.host = host;
        }
    }

    private static final class Pause extends Scheduled {
        final Host host;

        Pause(Host host) {
            this.host = host;
        }
    }

    private static final class Resume extends Scheduled {
        final Host host;

        Resume(Host host) {
            this.host = host;
        }
    }

    private static final class Recovery extends Scheduled {
        final Host host;

        Recovery(Host host) {
            this.host = host;
        }
    }
}
