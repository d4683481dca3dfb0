package dev.synchrony.ntp;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The NTP benchmark, in one run so the figures share the machine's state: (1) answered requests per second of
 * our server and of chronyd under the same bounded load, repeated and reported as medians; (2) the delay and
 * offset spread of 1,000 queries to each, beside a bare DatagramSocket echo round trip.
 *
 * <p>Run: {@code bin/synchrony ntp bench} (options: --requests, --window, --rounds, --samples).
 */
public final class NtpBenchmark {

    public record Options(long requests, int window, int rounds, int samples) {
    }

    /** Latency samples are taken in this many interleaved blocks per side (short blocks: the shared machine's load changes quickly). */
    static final int BLOCKS = 100;

    private NtpBenchmark() {
    }

    public static void run(Options options, PrintWriter out) throws IOException, InterruptedException {
        try (NtpServer ours = NtpServer.start(NtpServer.Config.loopback(0)); UdpEcho echo = new UdpEcho()) {
            Chronyd chronyd = null;
            if (Chronyd.find().isPresent()) {
                chronyd = Chronyd.serve(freePort(), 10_000);
            } else {
                out.println("chronyd is not installed: its columns are left out (Debian: apt-get install chrony)");
            }
            try {
                out.printf(Locale.ROOT, "throughput: %d requests per round, window %d, %d rounds each, alternating%n",
                        options.requests(), options.window(), options.rounds());
                double[] oursRates = new double[options.rounds()];
                double[] chronyRates = new double[options.rounds()];
                for (int round = 0; round < options.rounds(); round++) {
                    NtpLoad.Result mine = NtpLoad.run(ours.localAddress(), options.requests(), options.window(), 30_000);
                    oursRates[round] = mine.answeredPerSecond();
                    out.printf(Locale.ROOT, "  round %d synchrony: %d/%d answered, %.0f/s%n", round + 1, mine.answered(),
                            mine.sent(), mine.answeredPerSecond());
                    if (chronyd != null) {
                        NtpLoad.Result theirs = NtpLoad.run(chronyd.address(), options.requests(), options.window(), 30_000);
                        chronyRates[round] = theirs.answeredPerSecond();
                        out.printf(Locale.ROOT, "  round %d chronyd:   %d/%d answered, %.0f/s%n", round + 1, theirs.answered(),
                                theirs.sent(), theirs.answeredPerSecond());
                    }
                }
                double oursMedian = median(oursRates);
                out.printf(Locale.ROOT, "median answered/s: synchrony %.0f", oursMedian);
                if (chronyd != null) {
                    double chronyMedian = median(chronyRates);
                    out.printf(Locale.ROOT, ", chronyd %.0f, ratio %.2f", chronyMedian, oursMedian / chronyMedian);
                }
                out.println();

                out.printf(Locale.ROOT, "latency: %d sequential samples each, in %d interleaved blocks after a warm-up%n",
                        options.samples(), BLOCKS);
                // Warm up every path once, then interleave blocks so that no side gets a quieter moment of the machine.
                echo.roundTrips(Math.min(200, options.samples()), 1_000);
                query(ours.localAddress(), Math.min(200, options.samples()));
                if (chronyd != null) {
                    query(chronyd.address(), Math.min(200, options.samples()));
                }
                List<Long> echoNanos = new ArrayList<>();
                List<SntpClient.Sample> oursSamples = new ArrayList<>();
                List<SntpClient.Sample> chronySamples = new ArrayList<>();
                int perBlock = Math.max(1, options.samples() / BLOCKS);
                for (int block = 0; block < BLOCKS; block++) {
                    for (long nanos : echo.roundTrips(perBlock, 1_000)) {
                        echoNanos.add(nanos);
                    }
                    oursSamples.addAll(query(ours.localAddress(), perBlock).samples());
                    if (chronyd != null) {
                        chronySamples.addAll(query(chronyd.address(), perBlock).samples());
                    }
                }
                long[] echoArray = echoNanos.stream().mapToLong(Long::longValue).toArray();
                double echoMedian = medianOfValid(echoArray);
                out.printf(Locale.ROOT, "  bare DatagramSocket echo round trip: median %.1f us (%d lost)%n", echoMedian / 1e3,
                        Arrays.stream(echoArray).filter(n -> n < 0).count());
                double[] oursDelay = reportQueries("synchrony", oursSamples, perBlock * BLOCKS, out);
                out.printf(Locale.ROOT, "  synchrony / echo: NTP delay %.2f, round trip %.2f%n", oursDelay[0] / echoMedian,
                        oursDelay[1] / echoMedian);
                if (chronyd != null) {
                    double[] chronyDelay = reportQueries("chronyd", chronySamples, perBlock * BLOCKS, out);
                    out.printf(Locale.ROOT, "  chronyd / echo: NTP delay %.2f, round trip %.2f%n", chronyDelay[0] / echoMedian,
                            chronyDelay[1] / echoMedian);
                }
                out.println("server counters: " + ours.stats());
            } finally {
                if (chronyd != null) {
                    chronyd.close();
                }
            }
        }
    }

    private static SntpClient.Result query(java.net.InetSocketAddress address, int samples) throws IOException {
        return new SntpClient(WallClock.SYSTEM, 1_000).query(address, samples, 0);
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
