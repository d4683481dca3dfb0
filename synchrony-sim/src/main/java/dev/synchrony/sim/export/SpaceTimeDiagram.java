package dev.synchrony.sim.export;

import dev.synchrony.catalog.Durations;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import dev.synchrony.sim.trace.VectorClocks;
import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A space-time diagram in SVG, drawn as the lecture draws them: one vertical line per process, time running
 * down, an arrow per message from its send to its receipt (a lost message ends in a cross), and the events the
 * algorithm recorded labelled beside their dot. Every dot carries a tooltip with its virtual time, clock reading,
 * Lamport and vector timestamps. Readable up to about ten processes and a few hundred events; past
 * {@link #MAX_EVENTS} events the rest is left out, and the diagram says so.
 */
public final class SpaceTimeDiagram {

    public static final int MAX_EVENTS = 3_000;
    private static final int COLUMN = 170;
    private static final int LEFT = 90;
    private static final int TOP = 60;
    private static final int MIN_GAP = 16;
    /** Labels stay within their column (about 6 px per character at 11 px); the tooltip has the whole text. */
    private static final int EVENT_LABEL_CHARS = 25;
    private static final int MESSAGE_LABEL_CHARS = 24;

    private SpaceTimeDiagram() {
    }

    public static void write(Trace trace, String title, Writer out) throws IOException {
        List<TraceEvent> events = trace.events();
        boolean truncated = events.size() > MAX_EVENTS;
        if (truncated) {
            events = events.subList(0, MAX_EVENTS);
        }
        int processes = trace.nodes().size();
        long lastTime = events.isEmpty() ? 1 : Math.max(1, events.get(events.size() - 1).timeNanos());
        double scale = Math.max(500.0, events.size() * 9.0) / lastTime;
        double[] y = new double[events.size()];
        double[] lastY = new double[processes];
        java.util.Arrays.fill(lastY, TOP - MIN_GAP);
        for (int i = 0; i < events.size(); i++) {
            TraceEvent event = events.get(i);
            double wanted = TOP + event.timeNanos() * scale;
            y[i] = Math.max(wanted, lastY[event.node()] + MIN_GAP);
            lastY[event.node()] = y[i];
        }
        double bottom = TOP + 40;
        for (double value : lastY) {
            bottom = Math.max(bottom, value + 40);
        }
        int width = LEFT + processes * COLUMN + 120;
        VectorClocks vectors = trace.vectorClocks();

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%.0f\" viewBox=\"0 0 %d %.0f\" "
                        + "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n",
                width, bottom + 30, width, bottom + 30));
        svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
                + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#1f4e99\"/>"
                + "</marker></defs>\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>\n",
                escape(title)));
        if (truncated) {
            svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"38\" fill=\"#b00\">first %d of %d events shown</text>\n",
                    MAX_EVENTS, trace.events().size()));
        }
        for (int p = 0; p < processes; p++) {
            double x = columnX(p);
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">%s</text>\n",
                    x, TOP - 12, escape(trace.node(p).name())));
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#999\" stroke-width=\"1.5\"/>\n",
                    x, TOP, x, bottom - 20));
        }
        // Time axis: a few ticks of virtual time.
        for (int tick = 0; tick <= 5; tick++) {
            long time = lastTime * tick / 5;
            double ty = TOP + time * scale;
            svg.append(String.format(Locale.ROOT, "<text x=\"8\" y=\"%.1f\" fill=\"#777\">%s</text>\n", ty + 4,
                    Durations.human(time)));
        }
        Map<Long, Integer> sendIndex = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).kind() == EventKind.SEND) {
                sendIndex.put(events.get(i).messageId(), i);
            }
        }
        for (int i = 0; i < events.size(); i++) {
            TraceEvent event = events.get(i);
            if (event.kind() != EventKind.RECEIVE && event.kind() != EventKind.LOSS) {
                continue;
            }
            Integer from = sendIndex.get(event.messageId());
            if (from == null) {
                continue;
            }
            double x1 = columnX(events.get(from).node());
            double y1 = y[from];
            double x2 = columnX(event.node());
            double y2 = y[i];
            String label = escape(shorten(String.valueOf(events.get(from).payload()), MESSAGE_LABEL_CHARS));
            if (event.kind() == EventKind.RECEIVE) {
                svg.append(String.format(Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1f4e99\" stroke-width=\"1.2\" "
                                + "marker-end=\"url(#arrow)\"><title>%s</title></line>\n", x1, y1, x2, y2, label));
            } else {
                double mx = (x1 + x2) / 2;
                double my = (y1 + y2) / 2;
                svg.append(String.format(Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c33\" stroke-width=\"1.2\" "
                                + "stroke-dasharray=\"4 3\"><title>lost: %s</title></line>\n", x1, y1, mx, my, label));
                svg.append(String.format(Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%.1f\" fill=\"#c33\" font-size=\"14\" text-anchor=\"middle\">&#x2717;</text>\n",
                        mx, my + 5));
            }
            double lx = x1 + (x2 - x1) * 0.25;
            double ly = y1 + (y2 - y1) * 0.25 - 3;
            boolean leftward = x2 < x1;
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" fill=\"#1f4e99\" font-size=\"10\" text-anchor=\"%s\">%s</text>\n",
                    leftward ? lx - 3 : lx + 3, ly - 2, leftward ? "end" : "start", label));
        }
        for (int i = 0; i < events.size(); i++) {
            TraceEvent event = events.get(i);
            if (!event.kind().isProcessEvent()) {
                continue;
            }
            double x = columnX(event.node());
            String tooltip = escape(trace.node(event.node()) + " " + event.kind().label()
                    + (event.payload() == null ? "" : " " + event.payload())
                    + " | t=" + Durations.human(event.timeNanos()) + " clock=" + Durations.human(event.clockNanos())
                    + " L=" + event.lamport() + " VC=" + vectors.of(event.id()));
            switch (event.kind()) {
                case CRASH -> svg.append(String.format(Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%.1f\" fill=\"#c00\" font-size=\"16\" text-anchor=\"middle\">&#x2716;<title>%s</title></text>\n",
                        x, y[i] + 5, tooltip));
                case RECOVER, START -> svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"#2a2\"><title>%s</title></rect>\n",
                        x - 4, y[i] - 4, tooltip));
                default -> {
                    String fill = switch (event.kind()) {
                        case INTERNAL -> "#e07b00";
                        case DELIVER -> "#2a8a2a";
                        case SEND, RECEIVE -> "#1f4e99";
                        default -> "#aaa";
                    };
                    double radius = event.kind() == EventKind.TIMER || event.kind() == EventKind.COMMAND ? 2.5 : 3.5;
                    svg.append(String.format(Locale.ROOT,
                            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"><title>%s</title></circle>\n",
                            x, y[i], radius, fill, tooltip));
                    if (event.kind() == EventKind.INTERNAL || event.kind() == EventKind.DELIVER) {
                        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\">%s</text>\n",
                                x + 7, y[i] + 4, fill, escape(shorten(String.valueOf(event.payload()), EVENT_LABEL_CHARS))));
                    }
                }
            }
        }
        svg.append(String.format(Locale.ROOT,
                "<text x=\"10\" y=\"%.0f\" fill=\"#777\">blue: send/receive; orange: recorded event; green: deliver; "
                        + "square: start/recover</text>\n<text x=\"10\" y=\"%.0f\" fill=\"#777\">red: crash, lost message; "
                        + "hover a dot for its timestamps</text>\n", bottom + 5, bottom + 20));
        svg.append("</svg>\n");
        out.write(svg.toString());
    }

    private static double columnX(int process) {
        return LEFT + process * COLUMN + COLUMN / 2.0;
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
