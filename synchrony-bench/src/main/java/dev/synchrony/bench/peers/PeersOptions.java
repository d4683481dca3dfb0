package dev.synchrony.bench.peers;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.catalog.Catalog;
import dev.synchrony.catalog.Family;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The command line of {@link PeersBench}: how much to measure and which systems and algorithms. Every count has a
 * {@code --quick} value small enough for a smoke test; every case also stops after {@link #caseLimit}.
 *
 * @param warmUpRounds rounds run first, with a quarter of the counts, and not counted: the JIT compiles every
 *     system's code paths before any is measured, so the first system measured is not the one that pays for it
 * @param roundTrips raw round trips per round (a fifth more as warm-up)
 * @param messages messages each sender publishes in the throughput case
 * @param window messages a sender may have published and not yet seen delivered (saturating, bounded)
 * @param latencyMessages messages each sender publishes one at a time in the latency case
 * @param lockOperations lock+unlock cycles of the uncontended case
 * @param contendedOperations lock+unlock cycles of each member in the contended case
 */
record PeersOptions(
        boolean quick,
        int warmUpRounds,
        int rounds,
        int roundTrips,
        int messages,
        int window,
        int latencyMessages,
        int lockOperations,
        int contendedOperations,
        Duration caseLimit,
        List<String> systems,
        List<String> multicastAlgorithms,
        List<String> lockAlgorithms,
        List<String> security,
        Path out) {

    static final Set<String> SYSTEMS = Set.of("synchrony", "jgroups", "hazelcast", "curator");

    /** {@code --multicast none}: Synchrony's multicast cases are skipped (a locks-only run). */
    static final String NONE = "none";

    static final String USAGE =
            "usage: PeersBench [--quick] [--warm-up-rounds N] [--rounds N] [--round-trips N] [--messages N]"
                    + " [--window N] [--latency-messages N] [--lock-ops N] [--contended-ops N] [--case-limit SECONDS]"
                    + " [--systems synchrony,jgroups,hazelcast,curator] [--multicast total-order,causal-order|none]"
                    + " [--locks central-mutex,ricart-agrawala] [--security tls,shared-secret] [--out FILE.json]";

    static PeersOptions parse(String... args) {
        boolean quick = List.of(args).contains("--quick");
        int warmUpRounds = quick ? 0 : 1;
        int rounds = quick ? 1 : 3;
        int roundTrips = quick ? 300 : 20_000;
        int messages = quick ? 100 : 5_000;
        int window = quick ? 32 : 512;
        int latencyMessages = quick ? 20 : 500;
        int lockOperations = quick ? 50 : 2_000;
        int contendedOperations = quick ? 20 : 1_000;
        Duration caseLimit = Duration.ofSeconds(quick ? 3 : 20);
        List<String> systems = List.of("synchrony", "jgroups", "hazelcast", "curator");
        // A smoke run measures one algorithm of each kind unless told otherwise.
        List<String> multicast = quick ? List.of("total-order") : List.of("total-order", "causal-order");
        List<String> locks = quick ? List.of("central-mutex") : List.of("central-mutex", "ricart-agrawala");
        List<String> security = List.of("tls");
        Path out = Path.of("runs", "peers-bench.json");
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--quick")) {
                continue;
            }
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (!flag.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException(
                        (flag.startsWith("--") ? flag + " needs a value" : "unexpected argument '" + flag + "'") + "; "
                                + USAGE);
            }
            String value = args[++i];
            switch (flag) {
                case "--rounds" -> rounds = positive(flag, value);
                case "--warm-up-rounds" -> warmUpRounds = count(flag, value, 0);
                case "--round-trips" -> roundTrips = positive(flag, value);
                case "--messages" -> messages = positive(flag, value);
                case "--window" -> window = positive(flag, value);
                case "--latency-messages" -> latencyMessages = positive(flag, value);
                case "--lock-ops" -> lockOperations = positive(flag, value);
                case "--contended-ops" -> contendedOperations = positive(flag, value);
                case "--case-limit" -> caseLimit = Duration.ofSeconds(positive(flag, value));
                case "--systems" -> systems = names(flag, value, SYSTEMS);
                case "--multicast" ->
                    multicast = value.trim().equals(NONE) ? List.of() : algorithms(flag, value, Family.MULTICAST);
                case "--locks" -> locks = algorithms(flag, value, Family.MUTEX);
                case "--security" -> security = names(flag, value, Set.of("tls", "shared-secret"));
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + flag + "; " + USAGE);
            }
        }
        return new PeersOptions(
                quick,
                warmUpRounds,
                rounds,
                roundTrips,
                messages,
                window,
                latencyMessages,
                lockOperations,
                contendedOperations,
                caseLimit,
                systems,
                multicast,
                locks,
                security,
                out);
    }

    /** The options of a warm-up round: the same systems and algorithms, a quarter of the counts. */
    PeersOptions warmUp() {
        return new PeersOptions(
                quick,
                0,
                1,
                Math.max(1, roundTrips / 4),
                Math.max(1, messages / 4),
                window,
                Math.max(1, latencyMessages / 4),
                Math.max(1, lockOperations / 4),
                Math.max(1, contendedOperations / 4),
                caseLimit,
                systems,
                multicastAlgorithms,
                lockAlgorithms,
                security,
                out);
    }

    boolean runs(String system) {
        return systems.contains(system);
    }

    private static int positive(String flag, String value) {
        return count(flag, value, 1);
    }

    private static int count(String flag, String value, int least) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= least) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + ": '" + value + "' is not a "
                + (least > 0 ? "positive whole number" : "whole number, 0 or more"));
    }

    private static List<String> names(String flag, String value, Set<String> known) {
        List<String> names = new ArrayList<>();
        for (String name : value.split(",")) {
            if (!known.contains(name.trim())) {
                throw new IllegalArgumentException(flag + ": unknown '" + name.trim() + "' (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
            names.add(name.trim());
        }
        return List.copyOf(names);
    }

    /** Algorithm names of the catalog, of the family the case needs: new ones plug in by name. */
    private static List<String> algorithms(String flag, String value, Family family) {
        List<String> known = Catalog.of(family).stream().map(Algorithm::name).toList();
        List<String> chosen = new ArrayList<>();
        for (String name : value.split(",")) {
            String trimmed = name.trim();
            if (!known.contains(trimmed)) {
                throw new IllegalArgumentException(flag + ": unknown " + family.label() + " algorithm '" + trimmed
                        + "' (known: " + String.join(", ", known) + ")");
            }
            chosen.add(trimmed);
        }
        return List.copyOf(chosen);
    }
}
