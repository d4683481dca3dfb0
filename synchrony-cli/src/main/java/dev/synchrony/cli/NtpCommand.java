package dev.synchrony.cli;

import dev.synchrony.catalog.Durations;
import dev.synchrony.ntp.NtpServer;
import dev.synchrony.ntp.NtpTimestamp;
import dev.synchrony.ntp.SntpClient;
import dev.synchrony.ntp.WallClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code synchrony ntp serve|query|bench}: real NTP on UDP. */
@Command(name = "ntp", mixinStandardHelpOptions = true,
        description = "A real NTP server and SNTP client on UDP (RFC 5905 packets, RFC 4330 client checks).",
        subcommands = {NtpCommand.Serve.class, NtpCommand.Query.class, NtpBenchCommand.class})
final class NtpCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        command.commandLine().usage(command.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    /** HOST:PORT, [v6]:PORT, or :PORT for the loopback address. */
    static InetSocketAddress address(String text, String what) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(what + ": '" + text + "' is not HOST:PORT");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": '" + text.substring(colon + 1) + "' is not a port number");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(what + ": port " + port + " is not in 0..65535");
        }
        try {
            return new InetSocketAddress(host.isEmpty() ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(what + ": unknown host '" + host + "'");
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Answers NTP client requests until interrupted; prints its counters every --report seconds.")
    static final class Serve implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Option(names = "--bind", paramLabel = "HOST:PORT", description = "Where to listen (default 127.0.0.1:12300).")
        String bind = "127.0.0.1:12300";

        @Option(names = "--stratum", paramLabel = "S", description = "The stratum announced, 1..15 (default 1).")
        int stratum = 1;

        @Option(names = "--rate-limit", paramLabel = "R", description = "Requests per second one client may send; "
                + "beyond it a RATE kiss-o'-death (default 64; 0: no limit).")
        double rateLimit = 64;

        @Option(names = "--burst", paramLabel = "B", description = "Requests above the rate a client may send at once (default 128).")
        int burst = 128;

        @Option(names = "--report", paramLabel = "T", description = "Print the counters this often, e.g. 10s (default 10s; 0: never).")
        String report = "10s";

        @Option(names = "--for", paramLabel = "T", description = "Stop after this long, e.g. 2s or 5m (default: run until interrupted).")
        String forDuration;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = command.commandLine().getOut();
            // Wall-clock durations, in the same forms as every other duration flag.
            long reportNanos = Durations.parseNanos(report, "--report");
            Long forNanos = forDuration == null ? null : Durations.parseNanos(forDuration, "--for");
            NtpServer.Config config = new NtpServer.Config(address(bind, "--bind"), stratum, rateLimit, burst, WallClock.SYSTEM);
            NtpServer server;
            try {
                server = NtpServer.start(config);
            } catch (IOException e) {
                throw new IllegalArgumentException("--bind: " + e.getMessage());
            }
            try (server) {
                out.println("ntp server on " + server.localAddress() + ", stratum " + stratum
                        + (rateLimit > 0 ? ", rate limit " + rateLimit + "/s (burst " + burst + ")" : ", no rate limit"));
                out.flush();
                long stopAt = forNanos == null ? Long.MAX_VALUE : System.nanoTime() + forNanos;
                long step = reportNanos > 0 ? Math.max(1, reportNanos / 1_000_000L) : 1000L;
                while (System.nanoTime() < stopAt) {
                    Thread.sleep(Math.min(step, Math.max(1, (stopAt - System.nanoTime()) / 1_000_000L)));
                    if (reportNanos > 0) {
                        out.println(server.stats());
                        out.flush();
                    }
                }
                out.println("stopped: " + server.stats());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "query", mixinStandardHelpOptions = true,
            description = "Asks an NTP server for the time: offset, delay, stratum and reference id of each sample, "
                    + "and the estimate (the sample with the least delay). Exit 1 when no reply passed the checks.")
    static final class Query implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Parameters(paramLabel = "HOST:PORT", description = "The server, e.g. 127.0.0.1:12300.")
        String server;

        @Option(names = "--samples", paramLabel = "N", description = "How many exchanges (default 4).")
        int samples = 4;

        @Option(names = "--interval", paramLabel = "T", description = "Pause between exchanges, e.g. 100ms (default 0).")
        String interval = "0";

        @Option(names = "--timeout", paramLabel = "T", description = "How long to wait for each reply, e.g. 1s (default 1s).")
        String timeout = "1s";

        @Option(names = "--quiet", description = "Print only the estimate.")
        boolean quiet;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = command.commandLine().getOut();
            long intervalMillis = Durations.parseNanos(interval, "--interval") / 1_000_000L;
            long timeoutNanos = Durations.parseNanos(timeout, "--timeout");
            if (timeoutNanos < 1_000_000L || timeoutNanos > 3_600_000_000_000L) {
                throw new IllegalArgumentException("--timeout: must be in 1ms..1h");
            }
            int timeoutMillis = (int) (timeoutNanos / 1_000_000L);
            SntpClient.Result result = new SntpClient(WallClock.SYSTEM, timeoutMillis)
                    .query(address(server, "HOST:PORT"), samples, intervalMillis);
            if (!quiet) {
                for (SntpClient.Outcome outcome : result.outcomes()) {
                    out.println(switch (outcome) {
                        case SntpClient.Sample sample -> sample.format();
                        case SntpClient.Rejected rejected -> rejected.format();
                    });
                }
            }
            var estimate = result.estimate();
            if (estimate.isEmpty()) {
                out.println("no estimate: no reply passed the checks");
                return ExitCodes.VIOLATION;
            }
            SntpClient.Sample best = estimate.get();
            out.println("estimate: offset " + NtpTimestamp.formatSeconds(best.offset()) + " s, delay "
                    + NtpTimestamp.formatSeconds(best.delay()).replaceFirst("^\\+", "") + " s (sample " + best.index() + " of "
                    + result.outcomes().size() + ", the least delay), stratum " + best.stratum() + ", refid " + best.referenceId());
            return ExitCodes.OK;
        }
    }
}
