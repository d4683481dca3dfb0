package dev.synchrony.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** Shows a sweep's progress: a redrawn bar on a terminal, a plain line per tenth otherwise. */
final class ProgressDisplay {

    private enum Mode {
        BAR,
        LINES,
        NONE
    }

    private final Mode mode;
    private final PrintWriter out;
    private final long total;
    private long lastTenth = -1;
    private final long startNanos = System.nanoTime();

    private ProgressDisplay(Mode mode, PrintWriter out, long total) {
        this.mode = mode;
        this.out = out;
        this.total = total;
    }

    static ProgressDisplay of(String mode, PrintWriter out, long total) {
        Mode chosen = switch (mode.toLowerCase(Locale.ROOT)) {
            case "auto" -> System.console() != null ? Mode.BAR : Mode.LINES;
            case "bar" -> Mode.BAR;
            case "lines" -> Mode.LINES;
            case "none" -> Mode.NONE;
            default -> throw new IllegalArgumentException("--progress: '" + mode + "' is not auto, bar, lines or none");
        };
        return new ProgressDisplay(chosen, out, total);
    }

    void update(long done, long violating) {
        switch (mode) {
            case BAR -> {
                int width = 40;
                int filled = (int) (width * done / Math.max(1, total));
                out.printf(
                        Locale.ROOT,
                        "\r[%s%s] %d/%d runs, %d violating, %.1fs",
                        "#".repeat(filled),
                        " ".repeat(width - filled),
                        done,
                        total,
                        violating,
                        (System.nanoTime() - startNanos) / 1e9);
                out.flush();
            }
            case LINES -> {
                long tenth = done * 10 / Math.max(1, total);
                if (tenth != lastTenth) {
                    lastTenth = tenth;
                    out.printf(
                            Locale.ROOT,
                            "progress: %d/%d runs, %d violating, %.1fs%n",
                            done,
                            total,
                            violating,
                            (System.nanoTime() - startNanos) / 1e9);
                    out.flush();
                }
            }
            case NONE -> {}
        }
    }

    void finish() {
        if (mode == Mode.BAR) {
            out.println();
        }
    }
}
