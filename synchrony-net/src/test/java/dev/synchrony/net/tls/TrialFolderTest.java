package dev.synchrony.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.core.NodeId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TrialFolderTest {

    @TempDir
    Path directory;

    private static final List<NodeId> MEMBERS = NodeId.range(3);

    @Test
    void membersStartingTogetherAgreeOnOneCa() throws Exception {
        Path folder = directory.resolve("certs");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Boolean>> created = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                created.add(pool.submit((Callable<Boolean>) () -> TrialFolder.ensure(folder, MEMBERS)));
            }
            int creators = 0;
            for (Future<Boolean> result : created) {
                creators += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(creators)
                    .as("exactly one starter writes the certificates")
                    .isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        String ca = Files.readString(folder.resolve("ca.pem"));
        for (NodeId member : MEMBERS) {
            assertThat(folder.resolve(member.name() + ".pem")).exists();
            assertThat(folder.resolve(member.name() + ".key")).exists();
        }
        // A later start keeps them: members that ran before still trust the same CA.
        assertThat(TrialFolder.ensure(folder, MEMBERS)).isFalse();
        assertThat(Files.readString(folder.resolve("ca.pem"))).isEqualTo(ca);
    }

    @Test
    void aFolderMadeForOtherMembersIsRefusedInOneLine() {
        Path folder = directory.resolve("certs");
        TrialFolder.ensure(folder, NodeId.range(2));
        assertThatThrownBy(() -> TrialFolder.ensure(folder, MEMBERS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tls.generate: " + folder + " has a CA but no n3.pem (made for other members?): "
                        + "delete the folder to make new ones");
    }
}
