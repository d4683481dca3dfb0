package dev.synchrony.mutex;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The lecture's robustness figure for the decentralized algorithm, computed exactly. With n coordinators, a
 * quorum of m and p the probability that a coordinator crashes and recovers (forgetting its vote) within the
 * time a process holds the resource, the probability that enough of the holder's m coordinators reset for a
 * second process to collect m votes is
 *
 * <pre>  p_v = sum_{k=2m-n}^{m} C(m,k) p^k (1-p)^(m-k)</pre>
 *
 * (the lecture writes the upper bound as n; C(m,k) = 0 for k &gt; m). A decimal p has a finite decimal p_v:
 * it is computed with {@link BigDecimal} and {@link BigInteger} without rounding, so values far below the
 * smallest double (10^-308) come out right.
 */
public final class DecentralizedRisk {

    /** The largest n computed: the exact terms have thousands of digits beyond it, and the sum gets slow. */
    public static final int MAX_N = 1000;

    private DecentralizedRisk() {}

    /**
     * The exact p_v for a decimal p.
     *
     * @param n the number of coordinators (replicas), 1 to {@link #MAX_N}
     * @param m the quorum, with n/2 &lt; m &lt;= n
     * @param p the probability that one coordinator resets while the resource is held, in [0, 1]
     * @return p_v, exact (its scale grows with m: round it only for display)
     * @throws IllegalArgumentException naming the flag ({@code --n}, {@code --m}, {@code --p}) that is out of range
     */
    public static BigDecimal violationProbability(int n, int m, BigDecimal p) {
        requireArguments(n, m);
        if (p.signum() < 0 || p.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("--p: must be a probability in [0, 1], got " + p.toPlainString());
        }
        BigDecimal q = BigDecimal.ONE.subtract(p);
        BigDecimal sum = BigDecimal.ZERO;
        for (int k = Math.max(0, 2 * m - n); k <= m; k++) {
            sum = sum.add(new BigDecimal(binomial(m, k)).multiply(p.pow(k)).multiply(q.pow(m - k)));
        }
        return sum;
    }

    /**
     * The exact p_v for a fractional p = a/b (the lecture states p as a rate, "3 s per hour"): p_v = N / b^m with
     * N = sum_k C(m,k) a^k (b-a)^(m-k), which this returns. Exact whatever the fraction: 1/1200 has no finite
     * decimal, but N and b^m are integers.
     *
     * @param n the number of coordinators (replicas), 1 to {@link #MAX_N}
     * @param m the quorum, with n/2 &lt; m &lt;= n
     * @param a the numerator of p, from 0 to {@code b}
     * @param b the denominator of p, positive
     * @return N, the numerator of p_v over the denominator b^m
     * @throws IllegalArgumentException naming the flag ({@code --n}, {@code --m}, {@code --p}) that is out of range
     */
    public static BigInteger violationNumerator(int n, int m, BigInteger a, BigInteger b) {
        requireArguments(n, m);
        if (b.signum() <= 0 || a.signum() < 0 || a.compareTo(b) > 0) {
            throw new IllegalArgumentException("--p: must be a probability in [0, 1], got " + a + "/" + b);
        }
        BigInteger rest = b.subtract(a);
        BigInteger sum = BigInteger.ZERO;
        for (int k = Math.max(0, 2 * m - n); k <= m; k++) {
            sum = sum.add(binomial(m, k).multiply(a.pow(k)).multiply(rest.pow(m - k)));
        }
        return sum;
    }

    private static void requireArguments(int n, int m) {
        if (n < 1 || n > MAX_N) {
            throw new IllegalArgumentException(
                    "--n: must be in 1.." + MAX_N + " (exact arithmetic grows with n), got " + n);
        }
        if (m <= n / 2.0 || m > n) {
            throw new IllegalArgumentException("--m: must satisfy n/2 < m <= n, got m=" + m + " with n=" + n);
        }
    }

    /** C(m, k), exact: each partial product is itself a binomial coefficient, so every division is exact. */
    private static BigInteger binomial(int m, int k) {
        BigInteger result = BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            result = result.multiply(BigInteger.valueOf(m - i)).divide(BigInteger.valueOf(i + 1));
        }
        return result;
    }

    /**
     * {@code value} in scientific notation with {@code digits} significant digits, e.g. 7.35471e-43: the form in
     * which a p_v far below a double's range can still be printed and compared with the lecture's figure.
     *
     * @param value the number to show, of any magnitude
     * @param digits how many significant digits to keep (rounded half-even), at least 1
     * @return the mantissa without trailing zeros, "e" and the decimal exponent; "0" for zero
     */
    public static String scientific(BigDecimal value, int digits) {
        if (value.signum() == 0) {
            return "0";
        }
        BigDecimal rounded = value.round(new MathContext(digits, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        BigDecimal mantissa = rounded.movePointLeft(exponent);
        return mantissa.stripTrailingZeros().toPlainString() + "e" + exponent;
    }

    /**
     * floor(log10(value)) for a positive value: the decimal exponent, for telling orders of magnitude apart where a
     * double would underflow to zero.
     *
     * @param value a positive number
     * @return the exponent e with 10^e &lt;= value &lt; 10^(e+1)
     * @throws IllegalArgumentException if {@code value} is zero or negative
     */
    public static int decimalExponent(BigDecimal value) {
        if (value.signum() <= 0) {
            throw new IllegalArgumentException("exponent of a non-positive number");
        }
        return value.precision() - value.scale() - 1;
    }
}
