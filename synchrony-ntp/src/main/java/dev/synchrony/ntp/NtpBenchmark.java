package dev.synchrony.ntp;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The NTP benchmark, in one run so the figures share the machine's state, for each authentication mode (plain
 * NTP, an AES128-CMAC key, a legacy SHA1 key, NTS) against our server and against chronyd holding the same key
 * file and serving NTS with the same throwaway certificate (NTS needs Java 25's TLS exporter; without it the NTS
 * rows are left out): NTS-KE handshakes per server, then
 * (1) answered requests per second under the same bounded load, repeated and reported as medians; (2) the delay
 * and offset spread of sequential queries, beside a bare DatagramSocket echo round trip. Ratios are against plain
 * NTP on the same server and against chronyd in the same mode.
 *
 * <p>Run: {@code bin/synchrony ntp bench} (options: --requests, --window, --rounds, --samples).
 */
public final class NtpBenchmark {

    public record Options(long requests, int window, int rounds, int samples) {}

    /** Latency samples are taken in this many interleaved blocks per side (short blocks: the shared machine's load changes quickly). */
    static final int BLOCKS = 100;

    /** The keys both servers hold for the run: generated afresh, never reused. */
    static final long AES_KEY_ID = 1;

    static final long SHA1_KEY_ID = 2;

    private NtpBenchmark() {}

    /** Key establishments timed per NTS server. */
    static final int HANDSHAKES = 20;

    /** A server and how the client authenticates with it (both null: plain NTP). */
    private record Target(String server, String mode, InetSocketAddress address, SymmetricKey key, NtsSession nts) {
        String name() {
            return server + " " + mode;
        }

        SntpClient.Protection queryProtection() {
            return key != null ? SntpClient.symmetricKey(key) : nts;
        }

        NtpLoad.Protection loadProtection() {
            return key != null ? NtpLoad.keyed(key) : nts != null ? nts.forLoad() : null;
        }
    }

    public static void run(Options options, PrintWriter out) throws IOException, InterruptedException {
        java.security.SecureRandom random = new java.security.SecureRandom();
        byte[] aes = new byte[16];
        byte[] sha1 = new byte[20];
        random.nextBytes(aes);
        random.nextBytes(sha1);
        String keyFileText = AES_KEY_ID + " AES128 HEX:" + HexFormat.of().formatHex(aes) + "\n" + SHA1_KEY_ID
                + " SHA1 HEX:" + HexFormat.of().formatHex(sha1) + "\n";
        SymmetricKeys keys = SymmetricKeys.parse(keyFileText, "the benchmark's keys");
        Map<String, SymmetricKey> modes = new LinkedHashMap<>();
        modes.put("plain", null);
        modes.put("AES128", keys.find(AES_KEY_ID));
        modes.put("SHA1", keys.find(SHA1_KEY_ID));
        boolean nts = TlsExporter.available();
        ThrowawayCertificate certificate = null;
        if (nts) {
            try {
                certificate = ThrowawayCertificate.generate();
            } catch (java.security.GeneralSecurityException | IOException e) {
                out.println("no throwaway certificate (" + e.getMessage() + "): the NTS rows are left out");
                nts = false;
            }
        } else {
            out.println("this JDK has no TLS exporter (Java 25+): the NTS rows are left out");
        }
        NtsCookieJar jar = nts ? new NtsCookieJar(WallClock.SYSTEM, 3_600, 2) : null;
        try (NtpServer ours = NtpServer.start(
                        NtpServer.Config.loopback(0).withKeys(keys).withNts(jar));
                UdpEcho echo = new UdpEcho();
                NtsKeServer oursKe = nts
                        ? NtsKeServer.start(new NtsKeServer.Config(
                                new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0),
                                NtsTls.server(certificate.certificate(), certificate.privateKey()),
                                jar,
                                null,
                                ours.localAddress().getPort(),
                                5_000,
                                2))
                        : null) {
            Chronyd chronyd = null;
            int chronydKePort = 0;
            if (Chronyd.find().isPresent()) {
                Path keyFile = Chronyd.writeKeyFile(keyFileText);
                List<String> config = new ArrayList<>(List.of("keyfile " + keyFile));
                if (nts) {
                    chronydKePort = freeTcpPort();
                    Path dump = java.nio.file.Files.createTempDirectory("synchrony-nts-dump-");
                    java.nio.file.Files.setPosixFilePermissions(
                            dump, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
                    config.addAll(List.of(
                            "ntsserverkey " + certificate.privateKey(),
                            "ntsservercert " + certificate.certificate(),
                            "ntsport " + chronydKePort,
                            "ntsdumpdir " + dump));
                }
                chronyd = Chronyd.serve(freePort(), 10_000, config);
            } else {
                out.println("chronyd is not installed: its columns are left out (Debian: apt-get install chrony)");
            }
            try {
                Map<String, NtsSession> sessions = new LinkedHashMap<>();
                if (nts) {
                    javax.net.ssl.SSLContext tls = NtsTls.client(certificate.certificate());
                    Map<String, Double> handshakes = new LinkedHashMap<>();
                    sessions.put("synchrony", establish(oursKe.localAddress().getPort(), tls));
                    if (chronyd != null) {
                        sessions.put("chronyd", establish(chronydKePort, tls));
                    }
                    for (String server : sessions.keySet()) {
                        int port = server.equals("synchrony")
                                ? oursKe.localAddress().getPort()
                                : chronydKePort;
                        double[] millis = new double[HANDSHAKES];
                        for (int i = 0; i < HANDSHAKES; i++) {
                            long start = System.nanoTime();
                            establish(port, tls);
                            millis[i] = (System.nanoTime() - start) / 1e6;
                        }
                        handshakes.put(server, median(millis));
                    }
                    out.printf(
                            Locale.ROOT,
                            "nts-ke: median of %d key establishments (TLS 1.3 handshake, 8 cookies):",
                            HANDSHAKES);
                    handshakes.forEach((server, median) -> out.printf(Locale.ROOT, " %s %.2f ms,", server, median));
                    if (handshakes.size() == 2) {
                        out.printf(
                                Locale.ROOT,
                                " synchrony/chronyd %.2f",
                                handshakes.get("synchrony") / handshakes.get("chronyd"));
                    }
                    out.println();
                }
                List<Target> targets = new ArrayList<>();
                for (Map.Entry<String, SymmetricKey> mode : modes.entrySet()) {
                    targets.add(new Target("synchrony", mode.getKey(), ours.localAddress(), mode.getValue(), null));
                    if (chronyd != null) {
                        targets.add(new Target("chronyd", mode.getKey(), chronyd.address(), mode.getValue(), null));
                    }
                }
                for (Map.Entry<String, NtsSession> session : sessions.entrySet()) {
                    targets.add(new Target(
                            session.getKey(),
                            "NTS",
                            new InetSocketAddress(
                                    java.net.InetAddress.getLoopbackAddress(),
                                    session.getValue().ntpServer().getPort()),
                            null,
                            session.getValue()));
                }
                List<String> allModes = new ArrayList<>(modes.keySet());
                if (!sessions.isEmpty()) {
                    allModes.add("NTS");
                }
                Map<Target, Double> rates = throughput(targets, options, out);
                out.println("median answered/s:");
                for (String mode : allModes) {
                    reportRatios(mode, targets, rates, out, "%.0f/s");
                }
                Map<Target, double[]> delays = latency(targets, echo, options, out);
                out.println("median NTP delay:");
                Map<Target, Double> delayMedians = new LinkedHashMap<>();
                delays.forEach((target, values) -> delayMedians.put(target, values[0] / 1e3));
                for (String mode : allModes) {
                    reportRatios(mode, targets, delayMedians, out, "%.1f us");
                }
                out.println("server counters: " + ours.stats());
                if (oursKe != null) {
                    out.println("server counters: " + oursKe.stats());
                }
            } finally {
                if (chronyd != null) {
                    chronyd.close();
                }
            }
        }
    }

    /** Load rounds, alternating over every target within a round; the median per target. */
    private static Map<Target, Double> throughput(List<Target> targets, Options options, PrintWriter out)
            throws IOException {
        out.printf(
                Locale.ROOT,
                "throughput: %d requests per round, window %d, %d rounds per server and mode, alternating%n",
                options.requests(),
                options.window(),
                options.rounds());
        Map<Target, double[]> rates = new LinkedHashMap<>();
        for (Target target : targets) {
            rates.put(target, new double[options.rounds()]);
        }
        for (int round = 0; round < options.rounds(); round++) {
            for (Target target : targets) {
                NtpLoad.Result result = NtpLoad.run(
                        target.address(), options.requests(), options.window(), 30_000, target.loadProtection());
                rates.get(target)[round] = result.answeredPerSecond();
                out.printf(
                        Locale.ROOT,
                        "  round %d %-17s %d/%d answered, %.0f/s%n",
                        round + 1,
                        target.name() + ":",
                        result.answered(),
                        result.sent(),
                        result.answeredPerSecond());
            }
        }
        Map<Target, Double> medians = new LinkedHashMap<>();
        rates.forEach((target, values) -> medians.put(target, median(values)));
        return medians;
    }

    /** Sequential queries to every target in interleaved blocks, after a warm-up; prints and returns delay medians. */
    private static Map<Target, double[]> latency(List<Target> targets, UdpEcho echo, Options options, PrintWriter out)
            throws IOException {
        out.printf(
                Locale.ROOT,
                "latency: %d sequential samples per server and mode, in %d interleaved blocks after a warm-up%n",
                options.samples(),
                BLOCKS);
        echo.roundTrips(Math.min(200, options.samples()), 1_000);
        for (Target target : targets) {
            query(target, Math.min(200, options.samples()));
        }
        List<Long> echoNanos = new ArrayList<>();
        Map<Target, List<SntpClient.Sample>> samples = new LinkedHashMap<>();
        for (Target target : targets) {
            samples.put(target, new ArrayList<>());
        }
        int perBlock = Math.max(1, options.samples() / BLOCKS);
        for (int block = 0; block < BLOCKS; block++) {
            for (long nanos : echo.roundTrips(perBlock, 1_000)) {
                echoNanos.add(nanos);
            }
            for (Target target : targets) {
                samples.get(target).addAll(query(target, perBlock).samples());
            }
        }
        long[] echoArray = echoNanos.stream().mapToLong(Long::longValue).toArray();
        double echoMedian = medianOfValid(echoArray);
        out.printf(
                Locale.ROOT,
                "  bare DatagramSocket echo round trip: median %.1f us (%d lost)%n",
                echoMedian / 1e3,
                Arrays.stream(echoArray).filter(n -> n < 0).count());
        Map<Target, double[]> medians = new LinkedHashMap<>();
        for (Target target : targets) {
            double[] delay = reportQueries(target.name(), samples.get(target), perBlock * BLOCKS, out);
            out.printf(
                    Locale.ROOT,
                    "  %s / echo: NTP delay %.2f, round trip %.2f%n",
                    target.name(),
                    delay[0] / echoMedian,
                    delay[1] / echoMedian);
            medians.put(target, delay);
        }
        return medians;
    }

    /** One line per mode: each server's figure, its ratio to plain NTP on the same server, and synchrony / chronyd. */
    private static void reportRatios(
            String mode, List<Target> targets, Map<Target, Double> figures, PrintWriter out, String format) {
        StringBuilder line = new StringBuilder("  " + mode + ":");
        Double ours = null;
        Double theirs = null;
        for (Target target : targets) {
            if (!target.mode().equals(mode)) {
                continue;
            }
            double value = figures.get(target);
            line.append(' ').append(target.server()).append(' ').append(String.format(Locale.ROOT, format, value));
            if (!mode.equals("plain")) {
                double plain = figures.entrySet().stream()
                        .filter(e -> e.getKey().server().equals(target.server())
                                && e.getKey().mode().equals("plain"))
                        .mapToDouble(Map.Entry::getValue)
                        .findFirst()
                        .orElse(Double.NaN);
                line.append(String.format(Locale.ROOT, " (%.2f of plain)", value / plain));
            }
            line.append(',');
            if (target.server().equals("synchrony")) {
                ours = value;
            } else {
                theirs = value;
            }
        }
        if (ours != null && theirs != null) {
            line.append(String.format(Locale.ROOT, " synchrony/chronyd %.2f", ours / theirs));
        } else {
            line.setLength(line.length() - 1);
        }
        out.println(line);
    }

    private static SntpClient.Result query(Target target, int samples) throws IOException {
        return new SntpClient(WallClock.SYSTEM, 1_000, target.queryProtection()).query(target.address(), samples, 0);
    }

    private static double[] reportQueries(String name, List<SntpClient.Sample> valid, int samples, PrintWriter out) {
        long[] delays = valid.stream().mapToLong(SntpClient.Sample::delayNanos).toArray();
        long[] roundTrips =
                valid.stream().mapToLong(SntpClient.Sample::wallRoundTripNanos).toArray();
        long[] offsets =
                valid.stream().mapToLong(SntpClient.Sample::offsetNanos).toArray();
        Arrays.sort(offsets);
        double delayMedian = medianOfValid(delays);
        double roundTripMedian = medianOfValid(roundTrips);
        out.printf(
                Locale.ROOT,
                "  %s: %d/%d valid; NTP delay median %.1f us; round trip (nanoTime) median %.1f us; "
                        + "offset median %.1f us, spread p5..p95 %.1f us, min..max %.1f us%n",
                name,
                valid.size(),
                samples,
                delayMedian / 1e3,
                roundTripMedian / 1e3,
                offsets.length == 0 ? 0 : offsets[offsets.length / 2] / 1e3,
                offsets.length == 0
                        ? 0
                        : (offsets[(int) (offsets.length * 0.95)] - offsets[(int) (offsets.length * 0.05)]) / 1e3,
                offsets.length == 0 ? 0 : (offsets[offsets.length - 1] - offsets[0]) / 1e3);
        return new double[] {delayMedian, roundTripMedian};
    }

    /** Key establishment on loopback, retried while chronyd's NTS-KE helper is still starting. */
    private static NtsSession establish(int port, javax.net.ssl.SSLContext tls)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                return NtsKeClient.establish("127.0.0.1", port, tls, 5_000);
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static int freeTcpPort() throws IOException {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.DatagramSocket(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double medianOfValid(long[] nanos) {
        List<Double> valid = new ArrayList<>();
        for (long value : nanos) {
            if (value >= 0) {
                valid.add((double) value);
            }
        }
        return median(valid.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
