package dev.synchrony.net.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.Context;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A handler that throws is logged with the input it failed on, and the node keeps serving. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HandlerFailureTest {

    /** Refuses the Ping numbered 2 by throwing; counts the others. */
    static final class Refusing implements Node<PingNode.Ping, PingNode.Tick, PingNode.Burst> {
        int handled;

        @Override
        public void onStart(Context<PingNode.Ping, PingNode.Tick> context) {}

        @Override
        public void onMessage(NodeId from, PingNode.Ping message, Context<PingNode.Ping, PingNode.Tick> context) {
            if (message.sequence() == 2) {
                throw new IllegalStateException("ping 2 refused");
            }
            handled++;
        }

        @Override
        public void onTimer(PingNode.Tick timer, Context<PingNode.Ping, PingNode.Tick> context) {}

        @Override
        public void onCommand(PingNode.Burst command, Context<PingNode.Ping, PingNode.Tick> context) {
            for (long i = 1; i <= command.count(); i++) {
                context.sendToOthers(new PingNode.Ping(i, "ping " + i));
            }
        }

        @Override
        public Refusing copy() {
            throw new UnsupportedOperationException();
        }
    }

    private final List<Member> started = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> logs = new ConcurrentLinkedQueue<>();

    @AfterEach
    void closeAll() {
        started.forEach(Member::close);
    }

    @Test
    void aFailedMessageIsNamedInTheLogAndTheNodeKeepsServing() throws Exception {
        ClusterConfig config = TestClusters.loopback(2);
        for (String id : List.of("n1", "n2")) {
            started.add(Member.builder(config, NodeId.of(id))
                    .service("refusing", self -> new Refusing(), PingNode.Ping.class)
                    .log(logs::add)
                    .build()
                    .listen());
        }
        for (Member member : started) {
            assertThat(member.awaitLinks(Duration.ofSeconds(10))).isTrue();
            member.startNodes();
        }
        started.get(0).host("refusing").command(new PingNode.Burst(3));
        NodeHost receiver = started.get(1).host("refusing");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int handled = 0;
        while (System.nanoTime() < deadline && handled < 2) {
            handled = receiver.inspect(n -> ((Refusing) n).handled).get();
            Thread.sleep(10);
        }
        assertThat(handled).as("pings 1 and 3 handled after 2 failed").isEqualTo(2);
        assertThat(receiver.inspect(n -> receiver.handlerFailures()).get()).isEqualTo(1);
        assertThat(logs)
                .anyMatch(line -> line.contains("failed handling message Ping[sequence=2, text=ping 2] from n1")
                        && line.contains("ping 2 refused"));
    }
}
