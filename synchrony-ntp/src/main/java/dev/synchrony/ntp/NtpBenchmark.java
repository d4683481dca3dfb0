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
 * NTP, an AES128-CMAC key, a legacy SHA1 key) against our server and against chronyd holding the same key file:
 * (1) answered requests per second under the same bounded load, repeated and reported as medians; (2) the delay
 * and offset spread of sequential queries, beside a bare DatagramSocket echo round trip. Ratios are against plain
 * NTP on the same server and against chronyd in the same mode.
 *
 * <p>Run: {@code bin/synchrony ntp bench} (options: --requests, --window, --rounds, --samples).
 */
public final class NtpBenchmark {

    public record Options(long requests, int window, int rounds, int samples) {
    }

    /** Latency samples are taken in this many interleaved blocks per side (short blocks: the shared machine's load changes quickly). */
    static final int BLOCKS = 100;

    /** The keys both servers hold for the run: generated afresh, never reused. */
    static final long AES_KEY_ID = 1;
    static final long SHA1_KEY_ID = 2;

    private NtpBenchmark() {
    }

    /** A server and the key the client uses with it (null: plain NTP). */
    private record Target(String server, String mode, InetSocketAddress address, SymmetricKey key) {
        String name() {
            return server + " " + mode;
        }
    }

    public static void run(Options options, PrintWriter out) throws IOException, InterruptedException {
        java.security.SecureRandom random = new java.security.SecureRandom();
        byte[] aes = new byte[16];
        byte[] sha1 = new byte[20];
        random.nextBytes(aes);
        random.nextBytes(sha1);
        String keyFileText = AES_KEY_ID + " AES128 HEX:" + HexFormat.of().formatHex(aes) + "\n" + SHA1_KEY_ID + " SHA1 HEX:"
                + HexFormat.of().formatHex(sha1) + "\n";
        SymmetricKeys keys = SymmetricKeys.parse(keyFileText, "the benchmark's keys");
        Map<String, SymmetricKey> modes = new LinkedHashMap<>();
        modes.put("plain", null);
        modes.put("AES128", keys.find(AES_KEY_ID));
        modes.put("SHA1", keys.find(SHA1_KEY_ID));
        try (NtpServer ours = NtpServer.start(NtpServer.Config.loopback(0).withKeys(keys)); UdpEcho echo = new UdpEcho()) {
            Chronyd chronyd = null;
            if (Chronyd.find().isPresent()) {
                Path keyFile = Chronyd.writeKeyFile(keyFileText);
                chronyd = Chronyd.serve(freePort(), 10_000, List.of("keyfile " + keyFile));
            } else {
                out.println("chronyd is not installed: its columns are left out (Debian: apt-get install chrony)");
            }
            List<Target> targets = new ArrayList<>();
            for (Map.Entry<String, SymmetricKey> mode : modes.entrySet()) {
                targets.add(new Target("synchrony", mode.getKey(), ours.localAddress(), mode.getValue()));
                if (chronyd != null) {
                    targets.add(new Target("chronyd", mode.getKey(), chronyd.address(), mode.getValue()));
                }
            }
            try {
                Map<Target, Double> rates = throughput(targets, options, out);
                out.println("median answered/s:");
                for (String mode : modes.keySet()) {
                    reportRatios(mode, targets, rates, out, "%.0f/s");
                }
                Map<Target, double[]> delays = latency(targets, echo, options, out);
                out.println("median NTP delay:");
                Map<Target, Double> delayMedians = new LinkedHashMap<>();
                delays.forEach((target, values) -> delayMedians.put(target, values[0] / 1e3));
                for (String mode : modes.keySet()) {
                    reportRatios(mode, targets, delayMedians, out, "%.1f us");
                }
                out.println("server counters: " + ours.stats());
            } finally {
                if (chronyd != null) {
                    chronyd.close();
                }
            }
        }
    }

    /** Load rounds, alternating over every target within a round; the median per target. */
    private static Map<Target, Double> throughput(List<Target> targets, Options options, PrintWriter out) throws IOException {
        out.printf(Locale.ROOT, "throughput: %d requests per round, window %d, %d rounds per server and mode, alternating%n",
                options.requests(), options.window(), options.rounds());
        Map<Target, double[]> rates = new LinkedHashMap<>();
        for (Target target : targets) {
            rates.put(target, new double[options.rounds()]);
        }
        for (int round = 0; round < options.rounds(); round++) {
            for (Target target : targets) {
                NtpLoad.Result result = NtpLoad.run(target.address(), options.requests(), options.window(), 30_000, target.key());
                rates.get(target)[round] = result.answeredPerSecond();
                out.printf(Locale.ROOT, "  round %d %-17s %d/%d answered, %.0f/s%n", round + 1, target.name() + ":",
                        result.answered(), result.sent(), result.answeredPerSecond());
            }
        }
        Map<Target, Double> medians = new LinkedHashMap<>();
        rates.forEach((target, values) -> medians.put(target, median(values)));
        return medians;
    }

    /** Sequential queries to every target in interleaved blocks, after a warm-up; prints and returns delay medians. */
    private static Map<Target, double[]> latency(List<Target> targets, UdpEcho echo, Options options, PrintWriter out)
            throws IOException {
        out.printf(Locale.ROOT, "latency: %d sequential samples per server and mode, in %d interleaved blocks after a warm-up%n",
                options.samples(), BLOCKS);
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
        out.printf(Locale.ROOT, "  bare DatagramSocket echo round trip: median %.1f us (%d lost)%n", echoMedian / 1e3,
                Arrays.stream(echoArray).filter(n -> n < 0).count());
        Map<Target, double[]> medians = new LinkedHashMap<>();
        for (Target target : targets) {
            double[] delay = reportQueries(target.name(), samples.get(target), perBlock * BLOCKS, out);
            out.printf(Locale.ROOT, "  %s / echo: NTP delay %.2f, round trip %.2f%n", target.name(), delay[0] / echoMedian,
                    delay[1] / echoMedian);
            medians.put(target, delay);
        }
        return medians;
    }

    /** One line per mode: each server's figure, its ratio to plain NTP on the same server, and synchrony / chronyd. */
    private static void reportRatios(String mode, List<Target> targets, Map<Target, Double> figures, PrintWriter out,
            String format) {
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
                        .filter(e -> e.getKey().server().equals(target.server()) && e.getKey().mode().equals("plain"))
                        .mapToDouble(Map.Entry::getValue).findFirst().orElse(Double.NaN);
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
        return new SntpClient(WallClock.SYSTEM, 1_000, target.key()).query(target.address(), samples, 0);
    }

    private static double[] reportQueries(String name, List<SntpClient.Sample> valid, int samples, PrintWriter out) {
        long[] delays = valid.stream().mapToLong(SntpClient.Sample::delayNanos).toArray();
        long[] roundTrips = valid.stream().mapToLong(SntpClient.Sample::wallRoundTripNanos).toArray();
        long[] offsets = valid.stream().mapToLong(SntpClient.Sample::offsetNanos).toArray();
        Arrays.sort(offsets);
        double delayMedian = medianOfValid(delays);
        double roundTripMedian = medianOfValid(roundTrips);
        out.printf(Locale.ROOT, "  %s: %d/%d valid; NTP delay median %.1f us; round trip (nanoTime) median %.1f us; "
                        + "offset median %.1f us, spread p5..p95 %.1f us, min..max %.1f us%n", name, valid.size(), samples,
                delayMedian / 1e3, roundTripMedian / 1e3,
                offsets.length == 0 ? 0 : offsets[offsets.length / 2] / 1e3,
                offsets.length == 0 ? 0 : (offsets[(int) (offsets.length * 0.95)] - offsets[(int) (offsets.length * 0.05)]) / 1e3,
                offsets.length == 0 ? 0 : (offsets[offsets.length - 1] - offsets[0]) / 1e3);
        return new double[] {delayMedian, roundTripMedian};
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.DatagramSocket(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0))) {
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
