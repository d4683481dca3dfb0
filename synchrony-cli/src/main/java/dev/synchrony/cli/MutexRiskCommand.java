package dev.synchrony.cli;

import dev.synchrony.catalog.Durations;
import dev.synchrony.mutex.DecentralizedRisk;
import dev.synchrony.sim.experiments.RiskSimulation;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "mutex-risk",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Computes the decentralized mutex's probability of a violation, exactly (the lecture's formula):",
            "  p_v = sum_{k=2m-n}^{m} C(m,k) p^k (1-p)^(m-k)",
            "(the lecture writes the upper bound as n; C(m,k) = 0 for k > m), computed exactly, fractions too.",
            "With --simulate, also measured in the simulator, with a 95%% confidence interval."
        },
        footer = {
            "",
            "Examples:",
            "  synchrony mutex-risk --n 32 --m 0.75n --p 0.001",
            "  synchrony mutex-risk --n 32 --m 0.75n --p 3/3600   (3 s per hour)",
            "  synchrony mutex-risk --n 5 --m 3 --p 0.2 --simulate"
        })
final class MutexRiskCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--n", paramLabel = "N", required = true, description = "Coordinators (replicas).")
    int n;

    @Option(
            names = "--m",
            paramLabel = "M",
            required = true,
            description = "Votes needed: a number, or a fraction of n such as 0.75n.")
    String m;

    @Option(
            names = "--p",
            paramLabel = "P",
            required = true,
            description =
                    "Probability that a coordinator resets within a hold time: a decimal (0.001) or a fraction (1/1200).")
    String p;

    @Option(
            names = "--simulate",
            description = "Also measure p_v in the simulator (use 0.05 <= p <= 0.5 and a small n).")
    boolean simulate;

    @Option(names = "--runs", paramLabel = "R", description = "With --simulate: runs (default 20).")
    int runs = 20;

    @Option(names = "--seed", paramLabel = "S", description = "With --simulate: first seed (default 1).")
    long seed = 1;

    @Option(names = "--hold", paramLabel = "T", description = "With --simulate: the hold time (default 50ms).")
    String hold = "50ms";

    @Option(
            names = "--duration",
            paramLabel = "T",
            description = "With --simulate: virtual time per run (default 20s).")
    String duration = "20s";

    @Override
    public Integer call() {
        if (n < 1 || n > DecentralizedRisk.MAX_N) {
            throw new IllegalArgumentException("--n: " + n + " is not in 1.." + DecentralizedRisk.MAX_N);
        }
        int quorum = parseQuorum(m, n);
        BigInteger[] fraction = parseProbability(p);
        BigInteger numerator = DecentralizedRisk.violationNumerator(n, quorum, fraction[0], fraction[1]);
        BigInteger denominator = fraction[1].pow(quorum);
        BigDecimal exact;
        String exactText;
        try {
            exact = new BigDecimal(numerator).divide(new BigDecimal(denominator));
            exactText = exact.toPlainString();
        } catch (ArithmeticException nonTerminating) {
            // p = 1/1200 has no finite decimal: the exact value is the fraction, the decimal is rounded.
            exact = new BigDecimal(numerator).divide(new BigDecimal(denominator), new MathContext(60));
            BigInteger common = numerator.gcd(denominator);
            exactText = numerator.divide(common) + "/" + denominator.divide(common);
        }
        double probability = new BigDecimal(fraction[0])
                .divide(new BigDecimal(fraction[1]), MathContext.DECIMAL64)
                .doubleValue();
        PrintWriter out = command.commandLine().getOut();
        out.printf(
                Locale.ROOT,
                "n=%d m=%d p=%s: p_v = sum_{k=%d}^{%d} C(%d,k) p^k (1-p)^(%d-k)%n",
                n,
                quorum,
                p.trim(),
                Math.max(0, 2 * quorum - n),
                quorum,
                quorum,
                quorum);
        out.println("p_v = " + DecentralizedRisk.scientific(exact, 6)
                + (exact.signum() > 0
                        ? "  (10^" + DecentralizedRisk.decimalExponent(exact) + " <= p_v < 10^"
                                + (DecentralizedRisk.decimalExponent(exact) + 1) + ")"
                        : ""));
        String plain = exactText;
        out.println("exact: "
                + (plain.length() <= 200
                        ? plain
                        : plain.substring(0, 200) + "... (" + plain.length() + " characters)"));
        if (simulate) {
            long holdNanos = Durations.parseNanos(hold, "--hold");
            long durationNanos = Durations.parseNanos(duration, "--duration");
            if (durationNanos <= 0 || durationNanos > 600_000_000_000L) {
                throw new IllegalArgumentException("--duration: must be in (0, 10m]");
            }
            if (n > 64) {
                throw new IllegalArgumentException("--n: the simulation takes at most 64 processes");
            }
            RiskSimulation.Estimate estimate =
                    RiskSimulation.estimate(n, quorum, probability, holdNanos, seed, runs, durationNanos);
            out.printf(
                    Locale.ROOT,
                    "simulated: %d runs of %s, hold %s, each coordinator resetting at rate "
                            + "-ln(1-p)/hold; %d coordinator resets%n",
                    runs,
                    duration,
                    hold,
                    estimate.resets());
            out.printf(
                    Locale.ROOT,
                    "  grants: %d, compromised (>= %d of the holder's %d coordinators reset while "
                            + "it held the resource): %d%n",
                    estimate.grants(),
                    Math.max(0, 2 * quorum - n),
                    quorum,
                    estimate.compromised());
            out.printf(
                    Locale.ROOT,
                    "  observed rate %.4f, 95%% Wilson interval [%.4f, %.4f]; formula %.4f: %s%n",
                    estimate.observed(),
                    estimate.low(),
                    estimate.high(),
                    exact.doubleValue(),
                    estimate.formulaInsideInterval() ? "inside the interval" : "OUTSIDE the interval");
            out.printf(
                    Locale.ROOT,
                    "  actual overlaps (a second process did get in): %d, %.4f per grant; fewer, "
                            + "since that also needs a competing request at that moment%n",
                    estimate.overlaps(),
                    estimate.grants() == 0 ? 0.0 : (double) estimate.overlaps() / estimate.grants());
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** p as a fraction {numerator, denominator}: {@code 0.001} is 1/1000, {@code 3/3600} stays 3/3600. */
    static BigInteger[] parseProbability(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        try {
            BigDecimal top = new BigDecimal(
                    slash < 0 ? trimmed : trimmed.substring(0, slash).trim());
            BigDecimal bottom = slash < 0
                    ? BigDecimal.ONE
                    : new BigDecimal(trimmed.substring(slash + 1).trim());
            if (bottom.signum() <= 0) {
                throw new IllegalArgumentException("--p: '" + text + "' divides by " + bottom.toPlainString());
            }
            // Scale both to whole numbers: 0.5/60 is 5/600.
            int scale = Math.max(0, Math.max(top.scale(), bottom.scale()));
            if (scale > 100 || top.precision() - top.scale() > 100 || bottom.precision() - bottom.scale() > 100) {
                throw new IllegalArgumentException("--p: '" + text + "' has more than 100 digits");
            }
            BigInteger a = top.movePointRight(scale).toBigIntegerExact();
            BigInteger b = bottom.movePointRight(scale).toBigIntegerExact();
            if (a.signum() < 0 || a.compareTo(b) > 0) {
                throw new IllegalArgumentException("--p: " + text + " is not a probability in [0, 1]");
            }
            return new BigInteger[] {a, b};
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("--p: '" + text + "' is not a decimal number or a fraction like 1/1200");
        }
    }

    static int parseQuorum(String text, int n) {
        String trimmed = text.trim();
        try {
            if (trimmed.endsWith("n")) {
                BigDecimal fraction = new BigDecimal(trimmed.substring(0, trimmed.length() - 1));
                BigDecimal value = fraction.multiply(BigDecimal.valueOf(n));
                if (value.stripTrailingZeros().scale() > 0) {
                    throw new IllegalArgumentException(
                            "--m: " + text + " of n=" + n + " is " + value.toPlainString() + ", not a whole number");
                }
                return value.intValueExact();
            }
            return Integer.parseInt(trimmed);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("--m: '" + text + "' is not a whole number or a fraction like 0.75n");
        }
    }
}
