package dev.synchrony.cluster.nemesis;

import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * What the nemesis does in one run: a list of faults, drawn from the seed ({@link #random}) or written out ({@link
 * #parse}). Bounded by construction: one fault per kind asked for, each inside the run.
 */
public record Schedule(List<Fault> faults) {

    public Schedule {
        faults = faults.stream()
                .sorted(Comparator.comparingLong(Fault::fromNanos))
                .toList();
    }

    /**
     * One fault of each kind, from {@code seed}: which member (the leader in half the draws where that makes
     * sense), when (opening between 30% and 45% of the run, when the first leader has settled) and how long (a
     * pause or a partition 1.5 to 2.5 s, beyond the leases; a restart 1.5 to 2.5 s after the kill; loss 5-20% for 1.75
     * to 2.25 s); a clock skew of 50 to 500 ms either way at a rate within {@code rho}.
     */
    public static Schedule random(
            Set<NemesisKind> kinds, List<NodeId> members, long durationNanos, long seed, double rho) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
        List<Fault> faults = new ArrayList<>();
        for (NemesisKind kind : kinds) {
            // In whole milliseconds, so the printed schedule reads as it would be written.
            long from = millis((long) (durationNanos * (0.30 + 0.15 * random.nextDouble())));
            long length = millis(1_500_000_000L + random.nextLong(1_000_000_001L));
            String who = random.nextBoolean()
                    ? Fault.LEADER
                    : members.get(random.nextInt(members.size())).name();
            faults.add(
                    switch (kind) {
                        case PARTITION ->
                            new Fault.Partition(List.of(who), from, Math.min(durationNanos, from + length));
                        case PAUSE -> new Fault.Pause(who, from, Math.min(durationNanos, from + length));
                        case KILL -> new Fault.Kill(who, from, Fault.Kill.NEVER);
                        case RESTART -> new Fault.Kill(who, from, Math.min(durationNanos, from + length));
                        case CLOCK_SKEW -> {
                            long offset = millis(50_000_000L + random.nextLong(450_000_001L));
                            double rate = 1 + rho * (2 * random.nextDouble() - 1);
                            yield new Fault.ClockSkew(
                                    members.get(random.nextInt(members.size())),
                                    random.nextBoolean() ? offset : -offset,
                                    rate);
                        }
                        case LOSS ->
                            new Fault.Loss(
                                    5 + random.nextInt(16),
                                    0,
                                    from,
                                    Math.min(durationNanos, millis(from + length / 2 + 1_000_000_000L)));
                    });
        }
        return new Schedule(faults);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000L * 1_000_000L;
    }

    /** Faults written out, one per {@code --fault}; checked against the members and the run's duration. */
    public static Schedule parse(List<String> texts, List<NodeId> members, long durationNanos) {
        List<Fault> faults = new ArrayList<>();
        for (String text : texts) {
            Fault fault = Fault.parse(text);
            for (String who : names(fault)) {
                if (!who.equals(Fault.LEADER) && !members.contains(NodeId.of(who))) {
                    throw new IllegalArgumentException("--fault " + text + ": no member named " + who);
                }
            }
            if (fault.fromNanos() >= durationNanos) {
                throw new IllegalArgumentException("--fault " + text + ": it begins after the run ends");
            }
            faults.add(fault);
        }
        return new Schedule(faults);
    }

    private static List<String> names(Fault fault) {
        return switch (fault) {
            case Fault.Partition p -> p.side();
            case Fault.Pause p -> List.of(p.who());
            case Fault.Kill k -> List.of(k.who());
            case Fault.ClockSkew c -> List.of(c.node().name());
            case Fault.Loss l -> List.of();
        };
    }

    public Set<NemesisKind> kinds() {
        return faults.stream().map(Fault::kind).collect(Collectors.toSet());
    }

    public boolean needsNamespace() {
        return faults.stream().anyMatch(f -> f.kind().needsNamespace());
    }

    /** The clock skew of {@code node}, if the schedule gives it one. */
    public java.util.Optional<Fault.ClockSkew> clockSkew(NodeId node) {
        return faults.stream()
                .filter(f -> f instanceof Fault.ClockSkew c && c.node().equals(node))
                .map(f -> (Fault.ClockSkew) f)
                .findFirst();
    }

    /** One {@code --fault} argument per line: the schedule as a command replays it. */
    public String format() {
        return faults.stream().map(Fault::format).collect(Collectors.joining("\n"));
    }
}
