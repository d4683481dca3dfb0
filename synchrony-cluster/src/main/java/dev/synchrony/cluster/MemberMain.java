package dev.synchrony.cluster;

import dev.synchrony.catalog.Durations;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The entry point of a member process that {@link ClusterRun} starts:
 * {@code java -cp ... dev.synchrony.cluster.MemberMain --config FILE --id n1 [--trace DIR] [--duration T]
 * [--clock-rate R] [--clock-offset NANOS] [--reliable-links] [--hold-while FILE]}.
 * (Users run the same thing as {@code synchrony node}.) Exit 0 after a clean stop, 2 on a bad config.
 */
public final class MemberMain {

    private MemberMain() {}

    public static void main(String[] args) throws Exception {
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(err, args));
    }

    static int run(PrintWriter err, String... args) throws InterruptedException {
        Path config = null;
        String id = null;
        Path trace = null;
        long duration = 0;
        double rate = 1.0;
        long offset = 0;
        boolean reliable = false;
        Path hold = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (args[i].equals("--reliable-links")) {
                    reliable = true;
                    continue;
                }
                switch (args[i]) {
                    case "--config" -> config = Path.of(require(value, "--config"));
                    case "--id" -> id = require(value, "--id");
                    case "--trace" -> trace = Path.of(require(value, "--trace"));
                    case "--duration" -> duration = Durations.parseNanos(require(value, "--duration"), "--duration");
                    case "--clock-rate" -> rate = Double.parseDouble(require(value, "--clock-rate"));
                    case "--clock-offset" -> offset = Long.parseLong(require(value, "--clock-offset"));
                    case "--hold-while" -> hold = Path.of(require(value, "--hold-while"));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
            if (config == null || id == null) {
                throw new IllegalArgumentException("--config and --id are required");
            }
            MemberProcess member = new MemberProcess(ClusterConfig.load(config), NodeId.of(id), trace, duration)
                    .withClock(rate, offset);
            if (reliable) {
                member.withReliableLinks();
            }
            if (hold != null) {
                member.withHoldWhile(hold);
            }
            return member.run(err);
        } catch (IllegalArgumentException e) {
            err.println("synchrony node: " + e.getMessage());
            return 2;
        }
    }

    private static String require(String value, String flag) {
        if (value == null) {
            throw new IllegalArgumentException(flag + ": missing value");
        }
        return value;
    }
}
