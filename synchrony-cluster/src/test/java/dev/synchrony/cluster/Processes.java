package dev.synchrony.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts JVMs with this test run's java and class path, for tests across real processes. */
public final class Processes {

    private Processes() {}

    public static Process start(Class<?> main, Path log, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx96m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Waits for every process up to the deadline, then kills what is left; returns the exit codes. */
    public static List<Integer> awaitAll(List<Process> processes, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        List<Integer> codes = new ArrayList<>();
        for (Process process : processes) {
            long left = deadline - System.nanoTime();
            if (!process.waitFor(Math.max(1, left), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            codes.add(process.isAlive() ? -1 : process.exitValue());
        }
        return codes;
    }
}
