package dev.synchrony.cluster;

import dev.synchrony.api.LeaderElection;
import dev.synchrony.api.SynchronyMember;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import java.nio.file.Path;

/**
 * One JVM of the leader test: {@code ElectionMember CONFIG ID SECONDS}. Follows the service "leader" and prints
 * "LEADER id term" at each change, then leaves after SECONDS.
 */
public final class ElectionMember {

    public static void main(String[] args) throws Exception {
        ClusterConfig config = ClusterConfig.load(Path.of(args[0]));
        NodeId self = NodeId.of(args[1]);
        try (SynchronyMember member = SynchronyMember.join(config, self)) {
            LeaderElection election = member.election("leader");
            election.addListener(elected -> {
                System.out.println("LEADER " + elected.leader() + " " + elected.term());
                System.out.flush();
            });
            Thread.sleep(Long.parseLong(args[2]) * 1000);
        }
        System.exit(0);
    }

    private ElectionMember() {}
}
