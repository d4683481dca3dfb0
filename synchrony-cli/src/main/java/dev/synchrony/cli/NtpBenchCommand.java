package dev.synchrony.cli;

import dev.synchrony.ntp.NtpBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code synchrony ntp bench}: our server beside chronyd, and query delay beside a bare UDP echo, in one run. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks the NTP server (answered requests/s, beside chronyd under the same load) and the "
                + "query delay (beside a bare DatagramSocket echo round trip), on loopback, in one run.")
final class NtpBenchCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--requests", paramLabel = "N", description = "Requests per load round (default 200000).")
    long requests = 200_000;

    @Option(names = "--window", paramLabel = "W", description = "Requests in flight at once (default 64).")
    int window = 64;

    @Option(names = "--rounds", paramLabel = "R", description = "Load rounds per server, alternating (default 5).")
    int rounds = 5;

    @Option(names = "--samples", paramLabel = "N", description = "Sequential queries per server (default 1000).")
    int samples = 1000;

    @Override
    public Integer call() throws Exception {
        if (requests < 1
                || requests > 10_000_000
                || window < 1
                || window > 4096
                || rounds < 1
                || rounds > 50
                || samples < 1
                || samples > 100_000) {
            throw new IllegalArgumentException(
                    "--requests 1..10000000, --window 1..4096, --rounds 1..50, --samples 1..100000");
        }
        NtpBenchmark.run(
                new NtpBenchmark.Options(requests, window, rounds, samples),
                command.commandLine().getOut());
        return ExitCodes.OK;
    }
}
