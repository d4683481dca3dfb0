package dev.synchrony.cli;

import dev.synchrony.catalog.Durations;
import dev.synchrony.ntp.NtpServer;
import dev.synchrony.ntp.NtpTimestamp;
import dev.synchrony.ntp.NtsCookieJar;
import dev.synchrony.ntp.NtsKeClient;
import dev.synchrony.ntp.NtsKeServer;
import dev.synchrony.ntp.NtsSession;
import dev.synchrony.ntp.NtsTls;
import dev.synchrony.ntp.SntpClient;
import dev.synchrony.ntp.SymmetricKey;
import dev.synchrony.ntp.SymmetricKeys;
import dev.synchrony.ntp.WallClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code synchrony ntp serve|query|bench}: real NTP on UDP. */
@Command(
        name = "ntp",
        mixinStandardHelpOptions = true,
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
            return new InetSocketAddress(
                    host.isEmpty() ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(what + ": unknown host '" + host + "'");
        }
    }

    @Command(
            name = "serve",
            mixinStandardHelpOptions = true,
            description = "Answers NTP client requests until interrupted; prints its counters every --report seconds.")
    static final class Serve implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Option(names = "--bind", paramLabel = "HOST:PORT", description = "Where to listen (default 127.0.0.1:12300).")
        String bind = "127.0.0.1:12300";

        @Option(names = "--stratum", paramLabel = "S", description = "The stratum announced, 1..15 (default 1).")
        int stratum = 1;

        @Option(
                names = "--rate-limit",
                paramLabel = "R",
                description = "Requests per second one client may send; "
                        + "beyond it a RATE kiss-o'-death (default 64; 0: no limit).")
        double rateLimit = 64;

        @Option(
                names = "--burst",
                paramLabel = "B",
                description = "Requests above the rate a client may send at once (default 128).")
        int burst = 128;

        @Option(
                names = "--report",
                paramLabel = "T",
                description = "Print the counters this often, e.g. 10s (default 10s; 0: never).")
        String report = "10s";

        @Option(
                names = "--for",
                paramLabel = "T",
                description = "Stop after this long, e.g. 2s or 5m (default: run until interrupted).")
        String forDuration;

        @Option(
                names = "--keyfile",
                paramLabel = "FILE",
                description = "Symmetric keys in chrony's key file format "
                        + "(ID TYPE HEX:KEY per line; TYPE AES128 recommended, MD5/SHA1 weak): a request MAC'd under one of them "
                        + "is answered with a MAC under the same key; a bad MAC gets a crypto-NAK.")
        Path keyFile;

        @Option(
                names = "--nts",
                description = "Also serve Network Time Security (RFC 8915): an NTS-KE server on "
                        + "--nts-bind (TLS 1.3, needs --cert and --key), and NTS-protected NTP on --bind.")
        boolean nts;

        @Option(
                names = "--cert",
                paramLabel = "FILE",
                description = "The NTS-KE server's certificate chain (PEM), like chrony's ntsservercert.")
        Path certificate;

        @Option(
                names = "--key",
                paramLabel = "FILE",
                description = "Its private key (unencrypted PKCS#8 PEM), like chrony's ntsserverkey.")
        Path privateKey;

        @Option(
                names = "--nts-bind",
                paramLabel = "HOST:PORT",
                description = "Where NTS-KE listens (default: --bind's host, port 4460).")
        String ntsBind;

        @Option(
                names = "--nts-server",
                paramLabel = "NAME",
                description =
                        "The NTP server name NTS-KE announces " + "(default: none, clients use the name they dialled).")
        String ntsServerName;

        @Option(
                names = "--cookie-rotation",
                paramLabel = "T",
                description = "How often the cookie master key "
                        + "changes, e.g. 1h (default 1h); cookies stay valid for two rotations.")
        String cookieRotation = "1h";

        @Override
        public Integer call() throws Exception {
            PrintWriter out = command.commandLine().getOut();
            // Wall-clock durations, in the same forms as every other duration flag.
            long reportNanos = Durations.parseNanos(report, "--report");
            Long forNanos = forDuration == null ? null : Durations.parseNanos(forDuration, "--for");
            long cookieRotationSeconds = Durations.parseNanos(cookieRotation, "--cookie-rotation") / 1_000_000_000L;
            if (cookieRotationSeconds < 1) {
                throw new IllegalArgumentException("--cookie-rotation: must be at least 1s");
            }
            if (!nts && (certificate != null || privateKey != null || ntsBind != null || ntsServerName != null)) {
                throw new IllegalArgumentException("--cert, --key, --nts-bind and --nts-server need --nts");
            }
            if (nts && (certificate == null || privateKey == null)) {
                throw new IllegalArgumentException("--nts: needs --cert FILE and --key FILE (PEM)");
            }
            SymmetricKeys keys = keyFile == null ? SymmetricKeys.NONE : SymmetricKeys.read(keyFile);
            InetSocketAddress ntpBind = address(bind, "--bind");
            NtsCookieJar jar = nts ? new NtsCookieJar(WallClock.SYSTEM, cookieRotationSeconds, 2) : null;
            NtpServer.Config config =
                    new NtpServer.Config(ntpBind, stratum, rateLimit, burst, WallClock.SYSTEM, keys, jar);
            NtpServer server;
            try {
                server = NtpServer.start(config);
            } catch (IOException e) {
                throw new IllegalArgumentException("--bind: " + e.getMessage());
            }
            NtsKeServer keServer = null;
            if (nts) {
                try {
                    InetSocketAddress keBind = ntsBind != null
                            ? address(ntsBind, "--nts-bind")
                            : new InetSocketAddress(ntpBind.getAddress(), 4460);
                    keServer = NtsKeServer.start(new NtsKeServer.Config(
                            keBind,
                            NtsTls.server(certificate, privateKey),
                            jar,
                            ntsServerName,
                            server.localAddress().getPort(),
                            5_000,
                            4));
                } catch (IOException | RuntimeException e) {
                    server.close();
                    throw new IllegalArgumentException("--nts: " + e.getMessage());
                }
            }
            try (server;
                    NtsKeServer ke = keServer) {
                if (ke != null) {
                    out.println("nts-ke server on " + ke.localAddress()
                            + " (TLS 1.3, ALPN ntske/1), cookies under a master key" + " rotated every "
                            + cookieRotationSeconds + " s");
                }
                out.println("ntp server on " + server.localAddress() + ", stratum " + stratum
                        + (rateLimit > 0 ? ", rate limit " + rateLimit + "/s (burst " + burst + ")" : ", no rate limit")
                        + (keys.isEmpty() ? "" : ", " + keys.size() + " symmetric keys from " + keyFile));
                for (SymmetricKey weak : keys.weak()) {
                    out.println("warning: " + weak + " uses a weak MAC; RFC 8573 recommends AES128 (CMAC)");
                }
                out.flush();
                long stopAt = forNanos == null ? Long.MAX_VALUE : System.nanoTime() + forNanos;
                long step = reportNanos > 0 ? Math.max(1, reportNanos / 1_000_000L) : 1000L;
                while (System.nanoTime() < stopAt) {
                    Thread.sleep(Math.min(step, Math.max(1, (stopAt - System.nanoTime()) / 1_000_000L)));
                    if (reportNanos > 0) {
                        out.println(server.stats());
                        if (ke != null) {
                            out.println(ke.stats());
                        }
                        out.flush();
                    }
                }
                out.println("stopped: " + server.stats());
                if (ke != null) {
                    out.println("stopped: " + ke.stats());
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "query",
            mixinStandardHelpOptions = true,
            description = "Asks an NTP server for the time: offset, delay, stratum and reference id of each sample, "
                    + "and the estimate (the sample with the least delay). Exit 1 when no reply passed the checks.")
    static final class Query implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Parameters(paramLabel = "HOST:PORT", description = "The server, e.g. 127.0.0.1:12300.")
        String server;

        @Option(names = "--samples", paramLabel = "N", description = "How many exchanges (default 4).")
        int samples = 4;

        @Option(
                names = "--interval",
                paramLabel = "T",
                description = "Pause between exchanges, e.g. 100ms (default 0).")
        String interval = "0";

        @Option(
                names = "--timeout",
                paramLabel = "T",
                description = "How long to wait for each reply, e.g. 1s (default 1s).")
        String timeout = "1s";

        @Option(names = "--quiet", description = "Print only the estimate.")
        boolean quiet;

        @Option(
                names = {"--key", "--keyfile"},
                paramLabel = "FILE",
                description = "A key file in chrony's format: "
                        + "requests are MAC'd under --key-id and only replies MAC'd under it are accepted.")
        Path keyFile;

        @Option(names = "--key-id", paramLabel = "N", description = "Which key of --key signs (needs --key).")
        Long keyId;

        @Option(
                names = "--nts",
                description =
                        "Network Time Security: HOST:PORT is the NTS-KE server (usually port "
                                + "4460); keys and cookies come from it over TLS 1.3, then NTP goes where it says, each packet authenticated.")
        boolean nts;

        @Option(
                names = "--ca",
                paramLabel = "FILE",
                description = "With --nts: trust the certificates in this PEM file "
                        + "(like chrony's ntstrustedcerts) instead of the JDK's default trust store.")
        Path trusted;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = command.commandLine().getOut();
            long intervalMillis = Durations.parseNanos(interval, "--interval") / 1_000_000L;
            long timeoutNanos = Durations.parseNanos(timeout, "--timeout");
            if (timeoutNanos < 1_000_000L || timeoutNanos > 3_600_000_000_000L) {
                throw new IllegalArgumentException("--timeout: must be in 1ms..1h");
            }
            int timeoutMillis = (int) (timeoutNanos / 1_000_000L);
            if ((keyFile == null) != (keyId == null)) {
                throw new IllegalArgumentException(
                        keyFile == null ? "--key-id: needs --key FILE" : "--key: needs --key-id N");
            }
            if (nts && keyFile != null) {
                throw new IllegalArgumentException("--nts: cannot be combined with --key (one kind of authentication)");
            }
            if (!nts && trusted != null) {
                throw new IllegalArgumentException("--ca: needs --nts");
            }
            SymmetricKey key =
                    keyFile == null ? null : SymmetricKeys.read(keyFile).require(keyId, keyFile.toString());
            if (key != null && key.algorithm().weak() && !quiet) {
                out.println("warning: " + key + " uses a weak MAC; RFC 8573 recommends AES128 (CMAC)");
            }
            InetSocketAddress target = address(server, "HOST:PORT");
            SntpClient.Protection protection = key == null ? null : SntpClient.symmetricKey(key);
            String authenticated = key == null ? "" : ", authenticated with " + key;
            if (nts) {
                NtsSession session;
                try {
                    session = NtsKeClient.establish(
                            target.getHostString(),
                            target.getPort(),
                            NtsTls.client(trusted),
                            Math.max(timeoutMillis, 3_000));
                } catch (IOException | IllegalStateException e) {
                    out.println("no estimate: " + e.getMessage());
                    return ExitCodes.VIOLATION;
                }
                if (!quiet) {
                    out.println("nts-ke: " + session.cookiesLeft() + " cookies, NTP at " + session.ntpServer());
                }
                protection = session;
                target = session.ntpServer();
                authenticated = ", authenticated with NTS";
            }
            SntpClient.Result result =
                    new SntpClient(WallClock.SYSTEM, timeoutMillis, protection).query(target, samples, intervalMillis);
            if (!quiet) {
                for (SntpClient.Outcome outcome : result.outcomes()) {
                    out.println(
                            switch (outcome) {
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
                    + NtpTimestamp.formatSeconds(best.delay()).replaceFirst("^\\+", "") + " s (sample " + best.index()
                    + " of "
                    + result.outcomes().size() + ", the least delay), stratum " + best.stratum() + ", refid "
                    + best.referenceId()
                    + authenticated);
            return ExitCodes.OK;
        }
    }
}
