package dev.synchrony.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where stack traces go. A bug inside a run is reported on the terminal as one line that names this file, so the
 * terminal stays readable and the trace is still there for the bug report.
 */
final class InternalErrorLog {

    /** The file {@code synchrony} writes when no command-specific folder applies. */
    static final Path DEFAULT = Path.of("runs", "internal-error.log");

    /** One failure: what was running (a seed and its replay command) and what it threw. */
    record Entry(String heading, Throwable error) {}

    private InternalErrorLog() {}

    /** Writes {@code entries} to {@code file} (replacing an older log) and returns the file. */
    static Path write(Path file, List<Entry> entries) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            for (Entry entry : entries) {
                out.println(entry.heading());
                entry.error().printStackTrace(out);
                out.println();
            }
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text.toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the internal-error log " + file + ": " + e.getMessage(), e);
        }
    }

    /** The exception's class and message, on one line. */
    static String oneLine(Throwable error) {
        String message = error.getMessage() == null
                ? ""
                : ": " + error.getMessage().lines().findFirst().orElse("");
        return error.getClass().getSimpleName() + message;
    }
}
