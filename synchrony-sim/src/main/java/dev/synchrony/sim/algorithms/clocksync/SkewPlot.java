package dev.synchrony.sim.algorithms.clocksync;

import dev.synchrony.catalog.Durations;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * skew.svg: each clock's offset to real time, C_p(t) - t, against virtual time t, one line per process. A
 * dashed band shows the promised bound to real time where there is one; the title gives the measured skews.
 */
final class SkewPlot {

    private static final String[] COLOURS = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"
    };
    private static final int WIDTH = 900;
    private static final int HEIGHT = 480;
    private static final int LEFT = 90;
    private static final int RIGHT = 130;
    private static final int TOP = 50;
    private static final int BOTTOM = 50;

    private SkewPlot() {}

    static void write(SkewSeries series, String title, SkewPromise promise, Writer out) throws IOException {
        List<SkewSeries.Instant> instants = series.instants();
        long tMax = instants.isEmpty()
                ? 1
                : Math.max(1, instants.get(instants.size() - 1).timeNanos());
        double yMax = 1;
        for (SkewSeries.Instant instant : instants) {
            yMax = Math.max(yMax, instant.maxToRealTime());
        }
        if (promise.promised() && promise.toRealTimeNanos() > 0) {
            yMax = Math.max(yMax, promise.toRealTimeNanos());
        }
        yMax *= 1.1;
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double finalYMax = yMax;
        java.util.function.LongToDoubleFunction x = t -> LEFT + plotWidth * t / tMax;
        java.util.function.DoubleUnaryOperator y = v -> TOP + plotHeight / 2 - (plotHeight / 2) * v / finalYMax;

        out.write(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH,
                HEIGHT));
        out.write("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        out.write(String.format(
                Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>%n", LEFT, escape(title)));
        out.write(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"38\">offset C(t) - t of each clock; whole run: max between clocks %s, "
                        + "max to real time %s; dashed: promised bound</text>%n",
                LEFT,
                Durations.human(SkewSeries.maxBetweenClocks(instants)),
                Durations.human(instants.stream()
                        .mapToLong(SkewSeries.Instant::maxToRealTime)
                        .max()
                        .orElse(0))));
        // Axes: zero offset in the middle, time along the bottom.
        out.write(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>%n",
                LEFT,
                y.applyAsDouble(0),
                LEFT + plotWidth,
                y.applyAsDouble(0)));
        out.write(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\"/>%n",
                LEFT,
                TOP,
                LEFT,
                TOP + plotHeight));
        out.write(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>%n",
                LEFT,
                TOP + plotHeight,
                LEFT + plotWidth,
                TOP + plotHeight));
        for (double fraction : new double[] {-1, -0.5, 0, 0.5, 1}) {
            double value = fraction * yMax / 1.1;
            out.write(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 6,
                    y.applyAsDouble(value) + 4,
                    Durations.human(value)));
        }
        for (int i = 0; i <= 5; i++) {
            long t = tMax * i / 5;
            out.write(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                    x.applyAsDouble(t),
                    TOP + plotHeight + 18,
                    Durations.human(t)));
        }
        out.write(String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">virtual time t</text>%n",
                LEFT + plotWidth / 2,
                HEIGHT - 8));
        if (promise.promised() && promise.toRealTimeNanos() > 0) {
            for (int sign : new int[] {-1, 1}) {
                double level = y.applyAsDouble(sign * (double) promise.toRealTimeNanos());
                out.write(String.format(
                        Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\" "
                                + "stroke-dasharray=\"6,4\"/>%n",
                        x.applyAsDouble(promise.warmUpNanos()),
                        level,
                        LEFT + plotWidth,
                        level));
            }
        }
        for (int node = 0; node < series.nodes().size(); node++) {
            String colour = COLOURS[node % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (SkewSeries.Instant instant : instants) {
                Long offset = instant.offsetsNanos()[node];
                if (offset != null) {
                    points.append(String.format(
                            Locale.ROOT,
                            "%.1f,%.1f ",
                            x.applyAsDouble(instant.timeNanos()),
                            y.applyAsDouble(Math.max(-yMax, Math.min(yMax, offset)))));
                }
            }
            out.write(String.format(
                    Locale.ROOT,
                    "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n",
                    colour,
                    points.toString().trim()));
            out.write(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" fill=\"%s\">%s</text>%n",
                    LEFT + plotWidth + 12,
                    TOP + 14 + 16 * node,
                    colour,
                    escape(series.nodes().get(node).name())));
        }
        out.write("</svg>\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
