package dev.synchrony.cluster;

import dev.synchrony.api.SynchronyMember;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A replica of the lecture's bank account in its own JVM: {@code BankMember CONFIG ID UPDATES}. It publishes
 * UPDATES updates on the service "account" (deposits of $100 from odd members, 1% interest from even ones),
 * applies every delivered update to a balance starting at $1000, and prints its final balance and history.
 */
public final class BankMember {

    public static void main(String[] args) throws Exception {
        ClusterConfig config = ClusterConfig.load(Path.of(args[0]));
        NodeId self = NodeId.of(args[1]);
        int updates = Integer.parseInt(args[2]);
        int expected = updates * config.members().size();
        long[] balance = {100_000};
        List<String> history = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(expected);
        try (SynchronyMember member = SynchronyMember.join(config, self)) {
            member.totalOrder("account").addListener((origin, sequence, payload) -> {
                String update = new String(payload, StandardCharsets.UTF_8);
                balance[0] = update.startsWith("deposit") ? balance[0] + 10_000 : balance[0] + balance[0] / 100;
                history.add(origin + "#" + sequence);
                done.countDown();
            });
            boolean depositor = self.number() % 2 == 1;
            for (int i = 0; i < updates; i++) {
                member.totalOrder("account")
                        .publish(((depositor ? "deposit " : "interest ") + i).getBytes(StandardCharsets.UTF_8))
                        .get(10, TimeUnit.SECONDS);
            }
            boolean all = done.await(40, TimeUnit.SECONDS);
            System.out.println("RESULT " + self + " " + (all ? "complete" : "incomplete") + " balance=" + balance[0]
                    + " history=" + String.join(",", history));
            System.out.flush();
            // Stay a moment so the others get our last acknowledgements.
            Thread.sleep(1_500);
        }
        System.exit(0);
    }

    private BankMember() {}
}
