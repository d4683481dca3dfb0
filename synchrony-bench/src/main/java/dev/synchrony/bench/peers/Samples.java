package dev.synchrony.bench.peers;

import java.util.Arrays;
import java.util.List;

/** Percentiles and medians of measured values (nearest rank). */
final class Samples {

    private Samples() {}

    static double percentile(long[] values, double percent) {
        if (values.length == 0) {
            return Double.NaN;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(percent / 100.0 * sorted.length) - 1));
        return sorted[index];
    }

    /** The median of {@code values} (the lower middle one for an even count); NaN when empty. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[(sorted.length - 1) / 2];
    }
}
