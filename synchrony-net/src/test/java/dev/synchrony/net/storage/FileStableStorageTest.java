package dev.synchrony.net.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStableStorageTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<String> text(Optional<byte[]> value) {
        return value.map(v -> new String(v, StandardCharsets.UTF_8));
    }

    @Test
    void readsBackTheLastWriteAndNothingForAnUnknownKey() {
        FileStableStorage storage = new FileStableStorage(dir);
        assertThat(storage.read("vote")).isEmpty();
        storage.write("vote", bytes("3 n1"));
        storage.write("vote", bytes("4 n2"));
        storage.write("incarnation", new byte[0]);
        assertThat(text(storage.read("vote"))).contains("4 n2");
        assertThat(storage.read("incarnation"))
                .hasValueSatisfying(v -> assertThat(v).isEmpty());
        assertThat(storage.writes()).isEqualTo(3);
    }

    @Test
    void aNewInstanceOnTheSameDirectoryReadsWhatTheOldOneWrote() {
        new FileStableStorage(dir).write("term/vote", bytes("7 n3"));
        FileStableStorage restarted = new FileStableStorage(dir);
        assertThat(text(restarted.read("term/vote"))).contains("7 n3");
        assertThat(restarted.fileOf("term/vote").getParent()).isEqualTo(dir.toAbsolutePath());
    }

    @Test
    void valuesAreCopiedInAndOut() {
        FileStableStorage storage = new FileStableStorage(dir);
        byte[] value = bytes("abc");
        storage.write("k", value);
        value[0] = 'X';
        storage.read("k").orElseThrow()[1] = 'Y';
        assertThat(text(storage.read("k"))).contains("abc");
    }

    @Test
    void aFileCutShortIsRefusedNamingIt() throws IOException {
        FileStableStorage storage = new FileStableStorage(dir);
        storage.write("vote", bytes("12 n2"));
        Path file = storage.fileOf("vote");
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 3));
        assertThatThrownBy(() -> storage.read("vote"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("damaged")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aFlippedByteIsRefusedByItsChecksum() throws IOException {
        FileStableStorage storage = new FileStableStorage(dir);
        storage.write("vote", bytes("12 n2"));
        Path file = storage.fileOf("vote");
        byte[] whole = Files.readAllBytes(file);
        whole[whole.length - 6] ^= 0x01;
        Files.write(file, whole);
        assertThatThrownBy(() -> new FileStableStorage(dir).read("vote"))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void aFileThatIsNotOursIsRefused() throws IOException {
        FileStableStorage storage = new FileStableStorage(dir);
        Files.writeString(storage.fileOf("vote"), "term=3 vote=n1 (written by hand)\n");
        assertThatThrownBy(() -> storage.read("vote")).hasMessageContaining("no SYN1 header");
    }

    @Test
    void aLeftoverTemporaryFileOfAnInterruptedWriteIsIgnoredAndRemoved() throws IOException {
        FileStableStorage storage = new FileStableStorage(dir);
        storage.write("vote", bytes("5 n1"));
        Path temp = dir.resolve(storage.fileOf("vote").getFileName() + ".tmp");
        Files.write(temp, new byte[] {1, 2, 3});
        FileStableStorage restarted = new FileStableStorage(dir);
        assertThat(text(restarted.read("vote"))).contains("5 n1");
        assertThat(temp).doesNotExist();
    }

    @Test
    void keysThatLookLikePathsStayInsideTheDirectoryAndApart() throws IOException {
        FileStableStorage storage = new FileStableStorage(dir.resolve("member"));
        storage.write("../escape", bytes("a"));
        storage.write("%2E%2E%2Fescape", bytes("b"));
        storage.write("", bytes("c"));
        assertThat(text(storage.read("../escape"))).contains("a");
        assertThat(text(storage.read("%2E%2E%2Fescape"))).contains("b");
        assertThat(text(storage.read(""))).contains("c");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(dir.resolve("member"));
        }
    }

    @Test
    void twoServicesWritingAtOnceKeepTheirOwnValues() throws Exception {
        // As NodeHost does: one directory per service under the member's directory, each used from its own loop.
        FileStableStorage orders = new FileStableStorage(dir.resolve("service-" + FileNames.encode("orders")));
        FileStableStorage leader = new FileStableStorage(dir.resolve("service-" + FileNames.encode("leader")));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            done.add(pool.submit(() -> {
                for (int i = 1; i <= 20; i++) {
                    orders.write("vote", bytes(i + " orders"));
                }
            }));
            done.add(pool.submit(() -> {
                for (int i = 1; i <= 20; i++) {
                    leader.write("vote", bytes(i + " leader"));
                }
            }));
            for (Future<?> f : done) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(text(orders.read("vote"))).contains("20 orders");
        assertThat(text(leader.read("vote"))).contains("20 leader");
    }

    @Test
    void aDirectoryThatCannotBeMadeIsReportedNamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        assertThatThrownBy(() -> new FileStableStorage(file.resolve("sub")))
                .hasMessageContaining("cannot open directory")
                .hasMessageContaining(file.resolve("sub").toString());
    }
}
