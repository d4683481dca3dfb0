package dev.synchrony.ntp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * chrony's {@code chronyd} (Debian package {@code chrony}) run beside ours for interoperability tests and
 * benchmarks, on loopback only, with its own config file and {@code -x} (it never touches the system clock).
 * As root it drops to user {@code _chrony}, so its folder is made writable by everyone.
 */
public final class Chronyd implements AutoCloseable {

    private static final Pattern WRONG_BY = Pattern.compile("System clock wrong by (-?[0-9.]+) seconds");

    private final Process process;
    private final Path directory;
    private final int port;

    private Chronyd(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    /** The chronyd executable, if installed. */
    public static Optional<Path> find() {
        for (String candidate :
                List.of("/usr/sbin/chronyd", "/usr/bin/chronyd", "/sbin/chronyd", "/usr/local/sbin/chronyd")) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    private static Path executable() {
        return find().orElseThrow(
                        () -> new IllegalStateException("chronyd is not installed (Debian: apt-get install chrony)"));
    }

    private static Path workDirectory() throws IOException {
        Path directory = Files.createTempDirectory("synchrony-chronyd-");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        return directory;
    }

    /**
     * Starts chronyd serving its own (undisciplined, local stratum 8) clock on 127.0.0.1:{@code port} and waits
     * until it answers.
     */
    public static Chronyd serve(int port, long readyTimeoutMillis) throws IOException, InterruptedException {
        return serve(port, readyTimeoutMillis, List.of());
    }

    /**
     * The same with {@code extraConfig} lines added to chrony.conf (e.g. {@code keyfile PATH}: chronyd then answers
     * a request MAC'd under one of its keys with a MAC under the same key, and drops one whose MAC fails).
     */
    public static Chronyd serve(int port, long readyTimeoutMillis, List<String> extraConfig)
            throws IOException, InterruptedException {
        Path directory = workDirectory();
        Path config = directory.resolve("chrony.conf");
        List<String> lines = new ArrayList<>(List.of(
                "port " + port,
                "bindaddress 127.0.0.1",
                "allow 127.0.0.1",
                "local stratum 8",
                "cmdport 0",
                "pidfile " + directory.resolve("chronyd.pid"),
                "logdir " + directory));
        lines.addAll(extraConfig);
        lines.add("");
        Files.writeString(config, String.join("\n", lines), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(executable().toString(), "-x", "-d", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("chronyd.out").toFile())
                .start();
        Chronyd chronyd = new Chronyd(process, directory, port);
        long deadline = System.nanoTime() + readyTimeoutMillis * 1_000_000L;
        SntpClient probe = new SntpClient(WallClock.SYSTEM, 200);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = Files.readString(directory.resolve("chronyd.out"));
                chronyd.close();
                throw new IOException("chronyd exited: " + log.strip());
            }
            if (!probe.query(chronyd.address(), 1, 0).samples().isEmpty()) {
                return chronyd;
            }
            Thread.sleep(50);
        }
        chronyd.close();
        throw new IOException("chronyd did not answer on port " + port + " within " + readyTimeoutMillis + " ms");
    }

    /** What {@code chronyd -Q} reported about a server: the offset it printed and the delays it logged. */
    public record QueryReport(double offsetSeconds, List<Double> delaysSeconds, String output) {}

    /**
     * Runs {@code chronyd -Q} against {@code server}: it takes a few samples, prints "System clock wrong by X
     * seconds (ignored)" and exits; {@code log measurements} gives each sample's delay.
     */
    public static QueryReport query(InetSocketAddress server, long timeoutSeconds)
            throws IOException, InterruptedException {
        return query(server, timeoutSeconds, "", List.of());
    }

    /**
     * The same with {@code serverOptions} added to the {@code server} line (e.g. {@code key 7}) and
     * {@code extraConfig} lines (e.g. {@code keyfile PATH}). When no reply passes chronyd's checks (a wrong key,
     * say) it prints no offset: an IOException says so.
     */
    public static QueryReport query(
            InetSocketAddress server, long timeoutSeconds, String serverOptions, List<String> extraConfig)
            throws IOException, InterruptedException {
        Path directory = workDirectory();
        Path config = directory.resolve("chrony.conf");
        List<String> lines = new ArrayList<>(List.of(
                "server " + server.getAddress().getHostAddress() + " port " + server.getPort()
                        + " iburst minpoll -6 maxpoll -6"
                        + (serverOptions.isBlank() ? "" : " " + serverOptions.strip()),
                "cmdport 0",
                "port 0",
                "pidfile " + directory.resolve("chronyd.pid"),
                "logdir " + directory,
                "log measurements"));
        lines.addAll(extraConfig);
        lines.add("");
        Files.writeString(config, String.join("\n", lines), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(
                        executable().toString(), "-Q", "-t", Long.toString(timeoutSeconds), "-f", config.toString())
                .redirectErrorStream(true)
                .start();
        String output;
        try {
            if (!process.waitFor(timeoutSeconds + 5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("chronyd -Q did not finish within " + (timeoutSeconds + 5) + " s");
            }
        } finally {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher matcher = WRONG_BY.matcher(output);
        if (!matcher.find()) {
            throw new IOException("chronyd -Q accepted no reply from " + server + " within " + timeoutSeconds
                    + " s (printed no offset): " + output.strip().replace('\n', ' '));
        }
        List<Double> delays = new ArrayList<>();
        Path log = directory.resolve("measurements.log");
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                String[] fields = line.trim().split("\\s+");
                // Date Time IP L St 123 567 ABCD LP RP Score Offset Peer-del Peer-disp Root-del Root-disp ...
                if (fields.length > 12 && fields[0].matches("\\d{4}-\\d{2}-\\d{2}")) {
                    delays.add(Double.parseDouble(fields[12]));
                }
            }
        }
        return new QueryReport(Double.parseDouble(matcher.group(1)), delays, output.strip());
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /**
     * Writes {@code keyFileText} (chrony's key file format) into a fresh folder chronyd can read after dropping to
     * {@code _chrony}, and returns its path.
     */
    public static Path writeKeyFile(String keyFileText) throws IOException {
        Path file = workDirectory().resolve("chrony.keys");
        Files.writeString(file, keyFileText, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
