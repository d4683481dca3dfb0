package dev.synchrony.net.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.core.NodeId;
import dev.synchrony.election.RingMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ring election's messages, with the nested sealed {@link RingMessage.Hop}, survive the wire. */
class RingMessageWireTest {

    @Test
    void everyRingMessageSurvivesTheTrip() {
        WireCodec codec = WireCodec.of(RingMessage.class);
        List<NodeId> alive = List.of(NodeId.of("n2"), NodeId.of("n3"));
        List<RingMessage> messages = List.of(
                new RingMessage.Election(NodeId.of("n2"), 3, alive, 9, 41),
                new RingMessage.Coordinator(NodeId.of("n2"), alive, NodeId.of("n3"), 12, 2, 42),
                new RingMessage.Ack(42),
                new RingMessage.Heartbeat(12, true));
        for (RingMessage message : messages) {
            ByteBuf buf = Unpooled.buffer();
            codec.write(buf, message);
            assertThat(codec.read(buf)).isEqualTo(message);
            assertThat(buf.readableBytes()).isZero();
        }
    }
}
