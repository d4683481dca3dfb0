package dev.synchrony.net.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import dev.synchrony.net.config.Security;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Members on loopback addresses of their own connect from them, so a packet filter can tell their traffic apart
 * ({@code synchrony cluster --nemesis partition}); on 127.0.0.1, or a host that is not a loopback address, the
 * system chooses as before.
 */
@Timeout(30)
class SourceAddressTest {

    @Test
    void aMemberOnItsOwnLoopbackAddressConnectsFromIt() throws Exception {
        InetAddress own = InetAddress.getByName("127.0.0.2");
        InetAddress peer = InetAddress.getByName("127.0.0.3");
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(peer, 0));
        } catch (java.io.IOException e) {
            assumeTrue(false, "this system has no 127.0.0.3 on loopback (Linux has all of 127/8): " + e.getMessage());
        }
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(peer, 0));
            ClusterConfig config = ClusterConfig.of(
                    "test",
                    List.of(
                            new ClusterConfig.MemberConfig(NodeId.of("n1"), "127.0.0.2", 0, 1),
                            new ClusterConfig.MemberConfig(NodeId.of("n2"), "127.0.0.3", server.getLocalPort(), 2)),
                    Security.SHARED_SECRET,
                    TestClusters.SECRET);
            List<String> logs = new ArrayList<>();
            try (Member n1 = Member.builder(config, NodeId.of("n1"))
                    .service("ping", self -> new PingNode(), PingNode.Ping.class)
                    .log(logs::add)
                    .build()
                    .listen()) {
                try (Socket accepted = server.accept()) {
                    assertThat(accepted.getInetAddress()).isEqualTo(own);
                }
            }
        }
    }

    @Test
    void onlyLoopbackAddressesOtherThanTheDefaultAreBound() {
        assertThat(Connections.loopbackSource(new ClusterConfig.MemberConfig(NodeId.of("n1"), "127.0.0.5", 7000, 1)))
                .isEqualTo(new InetSocketAddress("127.0.0.5", 0));
        assertThat(Connections.loopbackSource(new ClusterConfig.MemberConfig(NodeId.of("n1"), "127.0.0.1", 7000, 1)))
                .isNull();
        assertThat(Connections.loopbackSource(new ClusterConfig.MemberConfig(NodeId.of("n1"), "192.0.2.1", 7000, 1)))
                .isNull();
    }
}
