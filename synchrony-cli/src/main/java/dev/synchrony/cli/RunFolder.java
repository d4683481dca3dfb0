package dev.synchrony.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder one run (or one sweep) owns. It is emptied before the run writes into it, so what it holds afterwards
 * all comes from that run: no diagram of an earlier run beside a new summary. A folder that does not look like
 * one of ours (it holds files but not {@code marker}) is refused instead of emptied.
 */
final class RunFolder {

    private RunFolder() {}

    /**
     * Makes {@code directory} exist and be empty.
     *
     * @param marker the file every folder of this kind holds ({@code summary.json}, {@code sweep.json})
     * @throws IllegalArgumentException naming {@code flag} when the folder holds files of something else
     */
    static void prepare(Path directory, String marker, String flag) {
        try {
            if (Files.exists(directory) && !Files.isDirectory(directory)) {
                throw new IllegalArgumentException(flag + " " + directory + ": is a file, not a folder");
            }
            if (Files.isDirectory(directory)) {
                boolean empty;
                try (Stream<Path> entries = Files.list(directory)) {
                    empty = entries.findAny().isEmpty();
                }
                if (!empty && !Files.exists(directory.resolve(marker))) {
                    throw new IllegalArgumentException(flag + " " + directory + ": the folder holds other files (no "
                            + marker + "); give a new or empty folder");
                }
                deleteContents(directory);
            }
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The files in {@code directory}, sorted, for the {@code files:} line. */
    static List<Path> files(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void deleteContents(Path directory) throws IOException {
        List<Path> inside;
        try (Stream<Path> walk = Files.walk(directory)) {
            inside = walk.filter(p -> !p.equals(directory))
                    .sorted(Comparator.reverseOrder())
                    .toList();
        }
        for (Path path : inside) {
            Files.delete(path);
        }
    }
}
