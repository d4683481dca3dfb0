package dev.synchrony.cluster.nemesis;

import dev.synchrony.core.NodeId;
import dev.synchrony.sim.SimConfig;
import dev.synchrony.sim.fault.CrashSpec;
import dev.synchrony.sim.fault.PartitionSpec;
import dev.synchrony.sim.fault.PauseSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the nemesis really did, in {@code System.nanoTime()} of the machine (which every process on it shares): when
 * each partition, pause, outage and loss began and ended. The merged trace gets its CRASH, RECOVER, PAUSE and RESUME
 * events from it, and the run's configuration its fault classes (so violations outside the algorithm's fault model
 * are labelled as the simulator labels them).
 */
public final class FaultLog {

    /** An outage without a restart. */
    public static final long NEVER = -1;

    /**
     * A member killed at {@code killMono} and, unless {@link #NEVER}, started again at {@code restartMono}: a CRASH
     * event in the merged trace, and a RECOVER when it restarted.
     */
    public record Outage(NodeId node, long killMono, long restartMono) {}

    /** A member stopped (SIGSTOP) at {@code fromMono} and continued (SIGCONT) at {@code untilMono}. */
    public record Pause(NodeId node, long fromMono, long untilMono) {}

    public record PartitionWindow(List<NodeId> side, long fromMono, long untilMono) {}

    public record LossWindow(int percent, long fromMono, long untilMono) {}

    private final List<PartitionWindow> partitions = new ArrayList<>();
    private final List<Pause> pauses = new ArrayList<>();
    private final List<Outage> outages = new ArrayList<>();
    private final List<LossWindow> losses = new ArrayList<>();
    private final List<Fault.ClockSkew> clockSkews = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    synchronized void partition(List<NodeId> side, long from, long until) {
        partitions.add(new PartitionWindow(side, from, until));
    }

    synchronized void pause(NodeId node, long from, long until) {
        pauses.add(new Pause(node, from, until));
    }

    synchronized void outage(NodeId node, long kill, long restart) {
        outages.add(new Outage(node, kill, restart));
    }

    synchronized void loss(int percent, long from, long until) {
        losses.add(new LossWindow(percent, from, until));
    }

    synchronized void clockSkew(Fault.ClockSkew skew) {
        clockSkews.add(skew);
    }

    synchronized void note(String note) {
        notes.add(note);
    }

    public synchronized List<PartitionWindow> partitions() {
        return List.copyOf(partitions);
    }

    public synchronized List<Pause> pauses() {
        return List.copyOf(pauses);
    }

    public synchronized List<Outage> outages() {
        return List.copyOf(outages);
    }

    public synchronized List<LossWindow> losses() {
        return List.copyOf(losses);
    }

    public synchronized List<Fault.ClockSkew> clockSkews() {
        return List.copyOf(clockSkews);
    }

    /** What went other than planned (a member already gone, no leader to aim at). */
    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    /**
     * The run's configuration with these faults in it, at times counted from {@code originMono} (the merged
     * trace's time 0), and {@code rho} the drift bound the members' clocks kept to.
     */
    public synchronized SimConfig applyTo(SimConfig config, long originMono, double rho) {
        SimConfig result = config;
        if (!outages.isEmpty()) {
            List<CrashSpec> crashes = new ArrayList<>(config.crashes());
            for (Outage outage : outages) {
                crashes.add(new CrashSpec(
                        outage.node(),
                        Math.max(0, outage.killMono() - originMono),
                        outage.restartMono() == NEVER
                                ? CrashSpec.NEVER
                                : Math.max(1, outage.restartMono() - originMono)));
            }
            result = result.withCrashes(crashes);
        }
        if (!partitions.isEmpty()) {
            List<PartitionSpec> specs = new ArrayList<>(config.partitions());
            for (PartitionWindow window : partitions) {
                specs.add(new PartitionSpec(
                        List.of(Set.copyOf(window.side())),
                        Math.max(0, window.fromMono() - originMono),
                        Math.max(0, window.untilMono() - originMono)));
            }
            result = result.withPartitions(specs);
        }
        if (!pauses.isEmpty()) {
            List<PauseSpec> specs = new ArrayList<>(config.pauses());
            for (Pause pause : pauses) {
                long from = Math.max(0, pause.fromMono() - originMono);
                specs.add(new PauseSpec(pause.node(), from, Math.max(from + 1, pause.untilMono() - originMono)));
            }
            result = result.withPauses(specs);
        }
        if (!losses.isEmpty()) {
            double worst = losses.stream().mapToInt(LossWindow::percent).max().orElse(0) / 100.0;
            result = result.withNetwork(result.network().withFaults(Math.max(worst, 1e-9), 0, 0));
        }
        if (!clockSkews.isEmpty()) {
            long offset = clockSkews.stream()
                    .mapToLong(c -> Math.abs(c.offsetNanos()))
                    .max()
                    .orElse(0);
            double drift = clockSkews.stream()
                    .mapToDouble(Fault.ClockSkew::drift)
                    .max()
                    .orElse(0);
            result = result.withDrift(Math.max(rho, drift), Math.max(1, offset));
        }
        return result;
    }
}
