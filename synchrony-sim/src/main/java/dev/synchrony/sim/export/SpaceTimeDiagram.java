package dev.synchrony.sim.export;

import dev.synchrony.catalog.Durations;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import dev.synchrony.sim.trace.VectorClocks;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A space-time diagram in SVG, drawn as the lecture draws them: one vertical line per process, time running down,
 * one dot per lecture event (the input that woke a process together with what its handler did at once), an arrow
 * per message named by its kind ({@code m1}, {@code Request(8)}, {@code OK}, {@code Election}), a lost message
 * crossed, a crash marked, clock rulers beside each line when the processes' clocks run at different rates (the
 * lecture's figure 3), critical sections shaded, coordinators starred, and the events of a violated property in red
 * with the property's message. Link acknowledgements and heartbeats are left out (the viewer can show them).
 * Every dot carries a tooltip with its virtual time, clock reading, Lamport and vector timestamps. Readable up to
 * about ten processes and a few hundred events; past {@link #MAX_EVENTS} events the rest is left out, and the
 * diagram says so. {@code viewer.html} beside it is the interactive version.
 */
public final class SpaceTimeDiagram {

    public static final int MAX_EVENTS = 3_000;
    private static final int LEFT = 74;
    private static final int HEAD = 70;
    private static final int GAP = 30;
    /** The width the diagram tries to fit in; more processes than fit make it wider (it then scrolls). */
    private static final int TARGET_WIDTH = 1200;

    private static final double CHAR = 6.1;
    private static final Set<EventKind> TRIGGERS = Set.of(
            EventKind.START,
            EventKind.COMMAND,
            EventKind.RECEIVE,
            EventKind.TIMER,
            EventKind.CRASH,
            EventKind.RECOVER,
            EventKind.PAUSE,
            EventKind.RESUME);

    private SpaceTimeDiagram() {}

    public static void write(Trace trace, String title, Writer out) throws IOException {
        write(trace, title, List.of(), out);
    }

    /** Writes the diagram, drawing in red the events of each violated property in {@code checks}. */
    public static void write(Trace trace, String title, List<CheckResult> checks, Writer out) throws IOException {
        out.write(new Drawing(trace, title, checks).svg());
    }

    /** One dot: the events of one handler run of one process. */
    private static final class Group {
        final int process;
        final long time;
        final List<TraceEvent> events = new ArrayList<>();
        double y;

        Group(int process, long time) {
            this.process = process;
            this.time = time;
        }

        /** Whether the dot shows an event of this kind (plumbing is left out of the picture). */
        boolean has(EventKind kind) {
            return events.stream().anyMatch(e -> e.kind() == kind && !plumbing(e));
        }
    }

    private static final class Drawing {
        private final Trace trace;
        private final String title;
        private final List<CheckResult> violations;
        private final List<TraceEvent> events;
        private final boolean truncated;
        private final int processes;
        private final List<Group> groups = new ArrayList<>();
        private final Map<Long, Group> groupOf = new HashMap<>();
        private final Map<Long, TraceEvent> sends = new HashMap<>();
        private final Map<Long, List<String>> violating = new HashMap<>();
        private final List<double[]> boxes = new ArrayList<>();
        private final StringBuilder svg = new StringBuilder();
        private final int column;
        /** Where the first event sits: below the title and one line per violated property. */
        private final int top;

        private long[] anchorTimes;
        private double[] anchorYs;
        private double scale;
        private double bottom;
        private long lastTime;

        Drawing(Trace trace, String title, List<CheckResult> checks) {
            this.trace = trace;
            this.title = title;
            this.violations = checks.stream().filter(CheckResult::violated).toList();
            List<TraceEvent> all = trace.events();
            this.truncated = all.size() > MAX_EVENTS;
            this.events = truncated ? all.subList(0, MAX_EVENTS) : all;
            this.processes = trace.nodes().size();
            this.top = HEAD + 14 * (violations.size() + (truncated ? 1 : 0));
            this.column = (int) Math.max(110, Math.min(180, (TARGET_WIDTH - LEFT - 30) / (processes + 0.5)));
            for (CheckResult check : violations) {
                for (long id : check.eventIds()) {
                    violating.computeIfAbsent(id, k -> new ArrayList<>()).add(check.property());
                }
            }
        }

        private boolean shown(TraceEvent event) {
            return !plumbing(event);
        }

        private void group() {
            Group open = null;
            for (TraceEvent event : events) {
                if (event.kind() == EventKind.SEND) {
                    sends.put(event.messageId(), event);
                }
                if (event.kind() == EventKind.LOSS) {
                    open = null;
                    continue;
                }
                if (open == null
                        || TRIGGERS.contains(event.kind())
                        || open.process != event.node()
                        || open.time != event.timeNanos()) {
                    open = new Group(event.node(), event.timeNanos());
                    groups.add(open);
                }
                open.events.add(event);
                groupOf.put(event.id(), open);
            }
            groups.removeIf(g -> g.events.stream().noneMatch(this::shown));
        }

        /** Vertical positions: time in proportion, idle stretches shrunk and crowded moments widened. */
        private void layOut() {
            TreeSet<Long> times = new TreeSet<>();
            groups.forEach(g -> times.add(g.time));
            lastTime = Math.max(1, times.isEmpty() ? 1 : times.last());
            long minGap = lastTime;
            Long previous = null;
            for (long t : times) {
                if (previous != null) {
                    minGap = Math.min(minGap, t - previous);
                }
                previous = t;
            }
            scale = 50.0 / Math.max(1, minGap);
            List<Long> anchorT = new ArrayList<>(List.of(0L));
            List<Double> anchorY = new ArrayList<>(List.of((double) top));
            for (long t : times) {
                long last = anchorT.get(anchorT.size() - 1);
                if (t <= last) {
                    continue;
                }
                anchorT.add(t);
                anchorY.add(anchorY.get(anchorY.size() - 1) + Math.max(40, Math.min(100, (t - last) * scale)));
            }
            anchorTimes = anchorT.stream().mapToLong(Long::longValue).toArray();
            anchorYs = anchorY.stream().mapToDouble(Double::doubleValue).toArray();
            double[] lastY = new double[processes];
            java.util.Arrays.fill(lastY, top - GAP);
            for (Group g : groups) {
                double y = Math.max(timeY(g.time), lastY[g.process] + GAP);
                for (TraceEvent event : g.events) {
                    if (event.kind() == EventKind.RECEIVE) {
                        TraceEvent send = sends.get(event.messageId());
                        Group from = send == null ? null : groupOf.get(send.id());
                        if (from != null && from.y > 0) {
                            y = Math.max(y, from.y + 22); // arrows slope, as drawn in the lecture
                        }
                    }
                }
                g.y = y;
                lastY[g.process] = y;
            }
            bottom = timeY(lastTime);
            for (double y : lastY) {
                bottom = Math.max(bottom, y);
            }
            bottom += 40;
        }

        private double timeY(long t) {
            int hi = anchorTimes.length - 1;
            if (t >= anchorTimes[hi]) {
                return anchorYs[hi] + Math.min(100, (t - anchorTimes[hi]) * scale);
            }
            int lo = 0;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (anchorTimes[mid] <= t) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return anchorYs[lo]
                    + (anchorYs[hi] - anchorYs[lo])
                            * (t - anchorTimes[lo])
                            / (double) (anchorTimes[hi] - anchorTimes[lo]);
        }

        private double x(int process) {
            return LEFT + process * column + column / 2.0;
        }

        private int width() {
            return (int) (LEFT + column * (processes + 0.5));
        }

        private boolean free(double x, double y, double w, double h) {
            for (double[] b : boxes) {
                if (x < b[0] + b[2] && b[0] < x + w && y < b[1] + b[3] && b[1] < y + h) {
                    return false;
                }
            }
            return true;
        }

        private void take(double x, double y, double w, double h) {
            boxes.add(new double[] {x, y, w, h});
        }

        private void add(String format, Object... args) {
            svg.append(String.format(Locale.ROOT, format, args)).append('\n');
        }

        String svg() {
            group();
            layOut();
            int width = width();
            double height = bottom + 40;
            add(
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%.0f\" viewBox=\"0 0 %d %.0f\" "
                            + "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">",
                    width, height, width, height);
            add("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
                    + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" "
                    + "fill=\"context-stroke\"/></marker></defs>");
            add("<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>");
            add("<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%s</text>", escape(title));
            double line = 34;
            for (CheckResult check : violations) {
                String text = check.property() + " VIOLATED: " + check.detail();
                add(
                        "<text x=\"10\" y=\"%.0f\" fill=\"#c00\" font-weight=\"bold\">%s<title>%s</title></text>",
                        line, escape(ShortNames.shorten(text, (int) ((width - 20) / CHAR))), escape(text));
                line += 14;
            }
            if (truncated) {
                add(
                        "<text x=\"10\" y=\"%.0f\" fill=\"#b00\">first %d of %d events shown (viewer.html shows them all)</text>",
                        line, MAX_EVENTS, trace.events().size());
            }
            rulers();
            processLines();
            criticalSections();
            messages();
            dots();
            add(
                    "<text x=\"10\" y=\"%.0f\" fill=\"#777\">dot: one event of a process (what woke it and what it did at "
                            + "once); blue: send/receive; orange: recorded; green: delivered; square: start/recover; "
                            + "&#x2716; crash; &#x2717; lost message</text>",
                    bottom + 8);
            add(
                    "<text x=\"10\" y=\"%.0f\" fill=\"#777\">shaded: critical section; &#x2605; coordinator; red: events "
                            + "of a violated property; acks and heartbeats left out; hover a dot for its timestamps</text>",
                    bottom + 22);
            svg.append("</svg>\n");
            return svg.toString();
        }

        private void rulers() {
            long step = niceStep(lastTime);
            double lastLabel = -1e9;
            for (long t = 0; t <= lastTime; t += step) {
                double y = timeY(t);
                add("<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#f2f2f2\"/>", LEFT - 10, width(), y, y);
                if (y - lastLabel >= 13) {
                    add(
                            "<text x=\"6\" y=\"%.1f\" fill=\"#888\" font-size=\"10\">%s</text>",
                            y + 4, t == 0 ? "0" : Durations.human(t));
                    lastLabel = y;
                }
            }
            List<List<TraceEvent>> perProcess = new ArrayList<>();
            for (int p = 0; p < processes; p++) {
                perProcess.add(new ArrayList<>());
            }
            for (TraceEvent event : events) {
                if (event.kind().isProcessEvent()) {
                    perProcess.get(event.node()).add(event);
                }
            }
            boolean differ = false;
            for (List<TraceEvent> list : perProcess) {
                if (list.size() < 2) {
                    continue;
                }
                TraceEvent a = list.get(0);
                TraceEvent b = list.get(list.size() - 1);
                if (b.timeNanos() > a.timeNanos()
                        && Math.abs((double) (b.clockNanos() - a.clockNanos()) / (b.timeNanos() - a.timeNanos()) - 1)
                                > 0.05) {
                    differ = true;
                }
                if (Math.abs(a.clockNanos() - a.timeNanos()) >= step / 2) {
                    differ = true;
                }
            }
            if (!differ) {
                return;
            }
            long unit =
                    step >= 1_000_000_000L ? 1_000_000_000L : step >= 1_000_000 ? 1_000_000 : step >= 1_000 ? 1_000 : 1;
            String unitName =
                    unit == 1_000_000_000L ? "s" : unit == 1_000_000 ? "ms" : unit == 1_000 ? "\u00b5s" : "ns";
            add("<text x=\"6\" y=\"%d\" fill=\"#888\" font-size=\"10\">clocks in %s</text>", top - 14, unitName);
            for (int p = 0; p < processes; p++) {
                List<TraceEvent> list = perProcess.get(p);
                if (list.isEmpty()) {
                    continue;
                }
                double x = x(p);
                double lastTick = -1e9;
                for (long t = 0; t <= lastTime; t += step) {
                    double y = timeY(t);
                    if (y - lastTick < 13) {
                        continue;
                    }
                    lastTick = y;
                    String label = clockLabel(clockAt(list, t) / unit, unitName);
                    add("<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#aaa\"/>", x - 5, x + 5, y, y);
                    add(
                            "<text x=\"%.1f\" y=\"%.1f\" fill=\"#999\" font-size=\"9\" text-anchor=\"end\">%s</text>",
                            x - 8, y + 3, label);
                }
            }
        }

        /**
         * A clock reading on a ruler: whole units bare (the lecture's 6, 12, 18); readings of hours as a time of day
         * (the lecture's Berkeley figure: 3:00, 2:50, 3:25).
         */
        private static String clockLabel(double value, String unitName) {
            if (unitName.equals("s") && value >= 3600) {
                long total = Math.round(value);
                long seconds = total % 60;
                return String.format(Locale.ROOT, "%d:%02d", total / 3600, total / 60 % 60)
                        + (seconds == 0 ? "" : String.format(Locale.ROOT, ":%02d", seconds));
            }
            return Math.abs(value - Math.rint(value)) < 0.05
                    ? Long.toString(Math.round(value))
                    : String.format(Locale.ROOT, "%.1f", value);
        }

        /** The process's clock at virtual time t: between its readings, interpolated; past them, at its last rate. */
        private static double clockAt(List<TraceEvent> list, long t) {
            int i = 0;
            while (i < list.size() - 1 && list.get(i + 1).timeNanos() <= t) {
                i++;
            }
            TraceEvent a = list.get(i);
            TraceEvent b = null;
            for (int j = i + 1; j < list.size() && b == null; j++) {
                if (list.get(j).timeNanos() != a.timeNanos()) {
                    b = list.get(j);
                }
            }
            for (int j = i - 1; j >= 0 && b == null; j--) {
                if (list.get(j).timeNanos() != a.timeNanos()) {
                    b = list.get(j);
                }
            }
            double rate = b == null ? 1 : (double) (b.clockNanos() - a.clockNanos()) / (b.timeNanos() - a.timeNanos());
            return a.clockNanos() + (t - a.timeNanos()) * rate;
        }

        private static long niceStep(long span) {
            double raw = Math.max(1, span / 10.0);
            double pow = Math.pow(10, Math.floor(Math.log10(raw)));
            for (int m : new int[] {1, 2, 5, 10}) {
                if (m * pow >= raw) {
                    return (long) (m * pow);
                }
            }
            return (long) (10 * pow);
        }

        private void processLines() {
            for (int p = 0; p < processes; p++) {
                double x = x(p);
                String name = escape(trace.node(p).name());
                add(
                        "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">%s</text>",
                        x, top - 16, name);
                // The names again at the bottom and every 700 px, so a tall diagram keeps them in view.
                for (double y = top + 700; y < bottom - 100; y += 700) {
                    add(
                            "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\" fill=\"#bbb\" font-weight=\"bold\">%s</text>",
                            x, y, name);
                }
                add(
                        "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\" fill=\"#555\" font-weight=\"bold\">%s</text>",
                        x, bottom - 4, name);
                double from = top - 6;
                boolean down = false;
                for (Group g : groups) {
                    if (g.process != p) {
                        continue;
                    }
                    EventKind kind = g.events.get(0).kind();
                    if (kind == EventKind.CRASH && !down) {
                        add(
                                "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#888\" stroke-width=\"1.5\"/>",
                                x, x, from, g.y);
                        from = g.y;
                        down = true;
                    } else if ((kind == EventKind.RECOVER || kind == EventKind.START) && down) {
                        add(
                                "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ccc\" stroke-dasharray=\"2 4\"/>",
                                x, x, from, g.y);
                        from = g.y;
                        down = false;
                    }
                }
                add(
                        "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" %s/>",
                        x,
                        x,
                        from,
                        bottom - 20,
                        down ? "stroke=\"#ccc\" stroke-dasharray=\"2 4\"" : "stroke=\"#888\" stroke-width=\"1.5\"");
            }
        }

        /** From the processes' own display states: shaded while "mutex" is held. */
        private void criticalSections() {
            Map<Integer, Group> open = new HashMap<>();
            for (Group g : groups) {
                for (TraceEvent event : g.events) {
                    Map<String, Object> state = trace.state(event.id());
                    boolean crash = event.kind() == EventKind.CRASH;
                    if (!crash && (state == null || !state.containsKey("mutex"))) {
                        continue;
                    }
                    boolean held = !crash && "held".equals(String.valueOf(state.get("mutex")));
                    if (held && !open.containsKey(g.process)) {
                        open.put(g.process, g);
                    } else if (!held && open.containsKey(g.process)) {
                        shade(g.process, open.remove(g.process).y, g.y);
                    }
                }
            }
            open.forEach((p, g) -> shade(p, g.y, bottom - 20));
        }

        private void shade(int process, double from, double to) {
            double x = x(process);
            add(
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"%.1f\" fill=\"#f5b700\" opacity=\"0.35\">"
                            + "<title>%s in the critical section</title></rect>",
                    x - 7,
                    from,
                    Math.max(4, to - from),
                    escape(trace.node(process).name()));
            take(x - 7, from, 14, to - from);
        }

        private void messages() {
            Map<Long, List<TraceEvent>> ends = new HashMap<>();
            for (TraceEvent event : events) {
                if (event.kind() == EventKind.RECEIVE || event.kind() == EventKind.LOSS) {
                    ends.computeIfAbsent(event.messageId(), k -> new ArrayList<>())
                            .add(event);
                }
            }
            for (TraceEvent send : events) {
                if (send.kind() != EventKind.SEND || plumbing(send) || !groupOf.containsKey(send.id())) {
                    continue;
                }
                double x1 = x(send.node());
                double y1 = groupOf.get(send.id()).y;
                String name = ShortNames.message(String.valueOf(send.payload()));
                for (TraceEvent end : ends.getOrDefault(send.messageId(), List.of())) {
                    double x2;
                    double y2;
                    String tooltip = escape(send.payload() + " (" + trace.node(send.node()) + " \u2192 "
                            + trace.node(end.node()) + ")");
                    if (end.kind() == EventKind.RECEIVE) {
                        Group to = groupOf.get(end.id());
                        if (to == null) {
                            continue;
                        }
                        x2 = x(end.node());
                        y2 = to.y;
                        add(
                                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1f4e99\" stroke-width=\"1.3\" "
                                        + "marker-end=\"url(#arrow)\"><title>%s</title></line>",
                                x1, y1, x2, y2, tooltip);
                    } else {
                        double yr = Math.max(y1 + 20, timeY(end.timeNanos()));
                        x2 = (x1 + x(end.node())) / 2;
                        y2 = (y1 + yr) / 2;
                        add(
                                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c33\" stroke-width=\"1.3\" "
                                        + "stroke-dasharray=\"4 3\"><title>lost: %s</title></line>",
                                x1, y1, x2, y2, tooltip);
                        add(
                                "<text x=\"%.1f\" y=\"%.1f\" fill=\"#c33\" font-size=\"15\" text-anchor=\"middle\">&#x2717;</text>",
                                x2, y2 + 5);
                    }
                    double w = name.length() * CHAR;
                    boolean leftward = x2 < x1;
                    for (double f : new double[] {0.22, 0.38, 0.55, 0.12, 0.7}) {
                        double lx = x1 + (x2 - x1) * f + (leftward ? -4 - w : 4);
                        double ly = y1 + (y2 - y1) * f - 4;
                        if (free(lx, ly - 11, w, 11)) {
                            take(lx, ly - 11, w, 11);
                            add("<text x=\"%.1f\" y=\"%.1f\" fill=\"#1f4e99\">%s</text>", lx, ly, escape(name));
                            break;
                        }
                    }
                }
            }
        }

        private void dots() {
            VectorClocks vectors = trace.vectorClocks();
            int maxChars = (int) Math.max(8, (column - 18) / CHAR);
            Map<Integer, String> coordinatorKey = new HashMap<>();
            for (Group g : groups) {
                double x = x(g.process);
                TraceEvent first = g.events.get(0);
                TraceEvent last = g.events.get(g.events.size() - 1);
                StringBuilder tip = new StringBuilder();
                Set<String> broken = new LinkedHashSet<>();
                String label = null;
                String coordinator = null;
                String term = null;
                for (TraceEvent event : g.events) {
                    if (!shown(event)) {
                        continue;
                    }
                    tip.append('#')
                            .append(event.id())
                            .append(' ')
                            .append(ShiVizExport.describe(trace, event))
                            .append('\n');
                    broken.addAll(violating.getOrDefault(event.id(), List.of()));
                    if (label == null
                            && (event.kind() == EventKind.INTERNAL || event.kind() == EventKind.DELIVER)
                            && event.payload() != null) {
                        label = ShortNames.event(event.payload().toString(), maxChars);
                    }
                    Map<String, Object> state = trace.state(event.id());
                    if (state != null && state.containsKey("coordinator")) {
                        String key = state.get("coordinator") + "/" + state.get("term");
                        String self = trace.node(g.process).name();
                        if (self.equals(String.valueOf(state.get("coordinator")))
                                && !key.equals(coordinatorKey.get(g.process))) {
                            coordinator = "\u2605 coordinator";
                            term = state.containsKey("term") ? "term " + state.get("term") : null;
                        }
                        coordinatorKey.put(g.process, key);
                    }
                }
                tip.append("t=")
                        .append(Durations.human(last.timeNanos()))
                        .append(" clock=")
                        .append(Durations.human(last.clockNanos()))
                        .append(" L=")
                        .append(last.lamport())
                        .append(" VC=")
                        .append(vectors.of(last.id()));
                String title = "<title>" + escape(tip.toString()) + "</title>";
                boolean red = !broken.isEmpty();
                switch (first.kind()) {
                    case CRASH ->
                        add(
                                "<text x=\"%.1f\" y=\"%.1f\" fill=\"#c00\" font-size=\"18\" text-anchor=\"middle\">"
                                        + "&#x2716;%s</text>",
                                x, g.y + 6, title);
                    case START, RECOVER ->
                        add(
                                "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"%s\">%s</rect>",
                                x - 4, g.y - 4, red ? "#d00" : "#2a2", title);
                    default -> {
                        String fill = red
                                ? "#d00"
                                : g.has(EventKind.DELIVER)
                                        ? "#2a8a2a"
                                        : g.has(EventKind.INTERNAL)
                                                ? "#e07b00"
                                                : g.has(EventKind.SEND) || g.has(EventKind.RECEIVE)
                                                        ? "#1f4e99"
                                                        : "#aaa";
                        double radius =
                                red ? 6 : first.kind() == EventKind.TIMER || first.kind() == EventKind.COMMAND ? 4 : 5;
                        add(
                                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" stroke=\"white\">%s</circle>",
                                x, g.y, radius, fill, title);
                    }
                }
                if (first.kind() == EventKind.CRASH) {
                    label = "crash";
                }
                if (coordinator != null) {
                    label = coordinator;
                }
                double ly = g.y + (rightward(g) ? 15 : 4);
                if (label != null) {
                    label = ShortNames.shorten(label, maxChars);
                    ly = placeLabel(x + 8, ly, label.length() * CHAR);
                    add(
                            "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\"%s>%s</text>",
                            x + 8,
                            ly,
                            coordinator != null ? "#7b2cbf" : "#555",
                            coordinator != null ? " font-weight=\"bold\"" : "",
                            escape(label));
                    ly += 12;
                }
                if (term != null) {
                    double ty = placeLabel(x + 8, ly, term.length() * CHAR);
                    add("<text x=\"%.1f\" y=\"%.1f\" fill=\"#7b2cbf\">%s</text>", x + 8, ty, escape(term));
                    ly = ty + 12;
                }
                if (red) {
                    String text = String.join(", ", broken) + " violated";
                    double vy = placeLabel(x + 8, ly, text.length() * CHAR);
                    add(
                            "<text x=\"%.1f\" y=\"%.1f\" fill=\"#c00\" font-weight=\"bold\">%s</text>",
                            x + 8, vy, escape(text));
                }
            }
        }

        private double placeLabel(double x, double y, double w) {
            double ly = y;
            while (!free(x, ly - 10, w, 12) && ly < y + 30) {
                ly += 6;
            }
            take(x, ly - 10, w, 12);
            return ly;
        }

        /** Whether an arrow leaves or enters this dot on its right, where the label would sit on it. */
        private boolean rightward(Group g) {
            for (TraceEvent event : g.events) {
                if (event.kind() == EventKind.SEND && event.peer() > g.process && !plumbing(event)) {
                    return true;
                }
                if (event.kind() == EventKind.RECEIVE && event.peer() > g.process && !plumbing(event)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static boolean plumbing(TraceEvent event) {
        return event.payload() != null && ShortNames.plumbing(event.payload());
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
