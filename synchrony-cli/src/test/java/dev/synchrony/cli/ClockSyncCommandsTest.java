package dev.synchrony.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.ntp.NtpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ClockSyncCommandsTest {

    record Outcome(int exit, String out, String err) {}

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Synchrony.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(exit, out.toString(), err.toString());
    }

    static String example(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("examples").resolve(name))) {
                return dir.resolve("examples").resolve(name).toString();
            }
        }
        throw new IllegalStateException(name);
    }

    @Test
    void simulateNtpWritesSkewSvgAndStatesTheBound(@TempDir Path out) throws Exception {
        Outcome result = run(
                "simulate", "ntp", "--nodes", "4", "--drift", "0.0001", "--duration", "20s", "--out", out.toString());
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("promised bound after a warm-up")
                .contains("bound held")
                .contains("skew-between-clocks")
                .contains("HELD");
        assertThat(Files.readString(out.resolve("skew.svg"))).startsWith("<svg");
        assertThat(Files.readString(out.resolve("summary.json"))).contains("\"boundHeld\" : true");
    }

    @Test
    void berkeleyFigureScriptPrintsThreeOhFive(@TempDir Path out) {
        Outcome result =
                run("simulate", "berkeley", "--script", example("berkeley-figure.yaml"), "--out", out.toString());
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out())
                .contains(
                        "m1 2:50 (-10min) adjust +15min",
                        "m2 3:25 (+25min) adjust -20min",
                        "daemon 3:00 (0) adjust +5min",
                        "everyone 3:05");
    }

    @Test
    void ntpFigureScriptPrintsTheFourTimestamps(@TempDir Path out) {
        Outcome result = run("simulate", "ntp", "--script", example("ntp-figure.yaml"), "--out", out.toString());
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("T1=1s T2=1110ms T3=1112ms T4=1032ms => offset theta=95ms, delay=30ms");
    }

    @Test
    void badParamsNameTheFlag() {
        Outcome result = run("simulate", "ntp", "--poll", "soon");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--poll");
        Outcome server = run("simulate", "berkeley", "--daemon", "n9");
        assertThat(server.exit()).isEqualTo(2);
        assertThat(server.err()).contains("--daemon: no process named n9");
    }

    @Test
    void ntpQueryAgainstOurServer() throws Exception {
        try (NtpServer server = NtpServer.start(NtpServer.Config.loopback(0))) {
            Outcome result =
                    run("ntp", "query", "127.0.0.1:" + server.localAddress().getPort(), "--samples", "3");
            assertThat(result.exit()).as(result.err()).isZero();
            assertThat(result.out())
                    .contains("sample 1: offset", "sample 3: offset", "stratum 1, refid LOCL", "estimate: offset");
        }
    }

    @Test
    void ntpQueryWithNobodyListeningExitsOne() {
        Outcome result = run("ntp", "query", "127.0.0.1:9", "--samples", "1", "--timeout", "200ms");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("rejected").contains("no estimate");
    }

    @Test
    void ntpBadAddressesAreUsageErrors() {
        assertThat(run("ntp", "query", "localhost").err()).contains("is not HOST:PORT");
        Outcome serve = run("ntp", "serve", "--stratum", "0", "--for", "1s");
        assertThat(serve.exit()).isEqualTo(2);
        assertThat(serve.err()).contains("--stratum");
    }

    @Test
    void ntpServeRunsForAWhileAndReportsItsCounters() {
        Outcome result = run("ntp", "serve", "--bind", "127.0.0.1:0", "--for", "1s", "--report", "0");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("ntp server on").contains("stopped: received 0");
    }

    @Test
    void ntpQueryWithAKeyAgainstOurServerWithTheSameKeyFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path keys = java.nio.file.Files.writeString(
                dir.resolve("ntp.keys"),
                "5 AES128 HEX:00112233445566778899AABBCCDDEEFF\n6 SHA1 HEX:00112233445566778899AABBCCDDEEFF00112233\n");
        java.nio.file.Path wrong = java.nio.file.Files.writeString(
                dir.resolve("wrong.keys"), "5 AES128 HEX:FF112233445566778899AABBCCDDEEFF\n");
        try (NtpServer server =
                NtpServer.start(NtpServer.Config.loopback(0).withKeys(dev.synchrony.ntp.SymmetricKeys.read(keys)))) {
            String address = "127.0.0.1:" + server.localAddress().getPort();
            Outcome good = run("ntp", "query", address, "--samples", "2", "--key", keys.toString(), "--key-id", "5");
            assertThat(good.exit()).as(good.err()).isZero();
            assertThat(good.out()).contains("authenticated with key 5 (AES128)");
            Outcome weak = run("ntp", "query", address, "--samples", "1", "--key", keys.toString(), "--key-id", "6");
            assertThat(weak.out()).contains("warning: key 6 (SHA1, weak) uses a weak MAC");
            Outcome bad = run(
                    "ntp",
                    "query",
                    address,
                    "--samples",
                    "1",
                    "--timeout",
                    "300ms",
                    "--key",
                    wrong.toString(),
                    "--key-id",
                    "5");
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(bad.out()).contains("crypto-NAK: the server could not verify our request under key 5 (AES128)");
        }
        assertThat(run("ntp", "query", "127.0.0.1:9", "--key", keys.toString()).err())
                .contains("--key: needs --key-id N");
        assertThat(run("ntp", "query", "127.0.0.1:9", "--key", keys.toString(), "--key-id", "9")
                        .err())
                .contains("--key-id: key 9 is not in");
        assertThat(run("ntp", "serve", "--keyfile", dir.resolve("none").toString(), "--for", "1s")
                        .err())
                .contains("key file " + dir.resolve("none") + " does not exist");
    }
}
