package dev.synchrony.net.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchrony.clocks.VectorClock;
import dev.synchrony.core.NodeId;
import dev.synchrony.logical.LamportMessage;
import dev.synchrony.logical.VectorMessage;
import dev.synchrony.multicast.Delivered;
import dev.synchrony.multicast.MulticastCommand;
import dev.synchrony.mutex.MutexOutput;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class WireCodecTest {

    enum Color {
        RED,
        GREEN
    }

    sealed interface Shape permits Shape.Circle, Shape.Box, Shape.Group, Shape.Empty {
        record Circle(double radius, String label) implements Shape {}

        record Box(long width, long height, Optional<String> note) implements Shape {}

        record Group(
                NodeId owner,
                List<Shape> members,
                Map<String, Integer> counts,
                TreeMap<NodeId, Long> byNode,
                byte[] blob,
                VectorClock clock,
                Color color,
                Object extra)
                implements Shape {}

        record Empty() implements Shape {}
    }

    private static Object roundTrip(WireCodec codec, Object value) {
        ByteBuf buf = Unpooled.buffer();
        codec.write(buf, value);
        Object back = codec.read(buf);
        assertThat(buf.readableBytes()).isZero();
        return back;
    }

    @Test
    void recordsOfEveryKindSurviveTheTrip() {
        WireCodec codec = WireCodec.of(Shape.class);
        TreeMap<NodeId, Long> byNode = new TreeMap<>(Map.of(NodeId.of("n2"), 5L, NodeId.of("n10"), 7L));
        Shape.Group group = new Shape.Group(
                NodeId.of("n1"),
                List.of(new Shape.Circle(1.5, "c"), new Shape.Box(2, 3, Optional.of("x")), new Shape.Empty()),
                Map.of("a", 1),
                byNode,
                new byte[] {1, 2, 3},
                VectorClock.of(1, 0, 2),
                Color.GREEN,
                new Shape.Box(1, 1, Optional.empty()));
        Shape.Group back = (Shape.Group) roundTrip(codec, group);
        assertThat(back.owner()).isEqualTo(group.owner());
        assertThat(back.members()).isEqualTo(group.members());
        assertThat(back.counts()).isEqualTo(group.counts());
        assertThat(back.byNode()).isEqualTo(byNode).isInstanceOf(TreeMap.class);
        assertThat(back.blob()).containsExactly(1, 2, 3);
        assertThat(back.clock()).isEqualTo(VectorClock.of(1, 0, 2));
        assertThat(back.color()).isEqualTo(Color.GREEN);
        assertThat(back.extra()).isEqualTo(new Shape.Box(1, 1, Optional.empty()));
        assertThat(roundTrip(codec, new Shape.Circle(0, null))).isEqualTo(new Shape.Circle(0, null));
    }

    @Test
    void sharedContractsAndLogicalMessagesEncode() {
        WireCodec codec = WireCodec.of(
                LamportMessage.class, VectorMessage.class, MutexOutput.class, Delivered.class, MulticastCommand.class);
        assertThat(roundTrip(codec, new LamportMessage.Stamped("m1", 7)))
                .isEqualTo(new LamportMessage.Stamped("m1", 7));
        assertThat(roundTrip(codec, new MutexOutput.Granted(3, 99))).isEqualTo(new MutexOutput.Granted(3, 99));
        // An open field may hold a record of another registered root, by its number.
        Object back = roundTrip(codec, new Delivered(NodeId.of("n1"), 4, new MulticastCommand.Publish("x")));
        assertThat(back).isEqualTo(new Delivered(NodeId.of("n1"), 4, new MulticastCommand.Publish("x")));
    }

    @Test
    void anOpenFieldHoldingAnUnregisteredTypeIsRefusedWhenSent() {
        WireCodec codec = WireCodec.of(Delivered.class);
        assertThatThrownBy(() -> codec.write(
                        Unpooled.buffer(), new Delivered(NodeId.of("n1"), 4, new MulticastCommand.Publish("x"))))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("dev.synchrony.multicast.MulticastCommand$Publish is not registered");
    }

    @Property(tries = 200)
    void boxesRoundTrip(@ForAll long width, @ForAll long height, @ForAll String note) {
        WireCodec codec = WireCodec.of(Shape.class);
        Shape.Box box = new Shape.Box(width, height, Optional.of(note));
        assertThat(roundTrip(codec, box)).isEqualTo(box);
    }

    @Test
    void everyTruncationIsRejectedWithAClearError() {
        WireCodec codec = WireCodec.of(Shape.class);
        ByteBuf full = Unpooled.buffer();
        codec.write(
                full,
                new Shape.Group(
                        NodeId.of("n1"),
                        List.of(new Shape.Circle(1, "a")),
                        Map.of("k", 2),
                        new TreeMap<>(),
                        new byte[4],
                        VectorClock.of(1, 2),
                        Color.RED,
                        "extra"));
        byte[] bytes = new byte[full.readableBytes()];
        full.readBytes(bytes);
        for (int cut = 0; cut < bytes.length; cut++) {
            ByteBuf part = Unpooled.wrappedBuffer(bytes, 0, cut);
            assertThatThrownBy(() -> codec.read(part))
                    .isInstanceOf(CodecException.class)
                    .hasMessageMatching("(?s).*(truncated|bad|unknown).*");
        }
    }

    @Test
    void unknownTagsAndClassNamesAreRejected() {
        WireCodec codec = WireCodec.of(Shape.class);
        assertThatThrownBy(() -> codec.read(Unpooled.wrappedBuffer(new byte[] {99})))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown value tag 99");
        assertThatThrownBy(() -> codec.read(Unpooled.wrappedBuffer(new byte[] {8, 120})))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown type number 120");
        // Format version 1 could name a class (tag 9); no tag does now.
        ByteBuf named = Unpooled.buffer();
        named.writeByte(9);
        WireCodec.writeVarint(named, "java.util.ArrayList".length());
        named.writeBytes("java.util.ArrayList".getBytes());
        assertThatThrownBy(() -> codec.read(named))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown value tag 9");
        assertThatThrownBy(() -> codec.write(Unpooled.buffer(), new java.util.Date()))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("java.util.Date is not registered");
    }

    @Test
    void sealedTagOutOfRangeIsNamed() {
        WireCodec codec = WireCodec.of(Shape.class);
        ByteBuf bad = Unpooled.buffer();
        bad.writeByte(8);
        WireCodec.writeVarint(bad, codec.registeredTypes().indexOf(Shape.Group.class));
        bad.writeByte(1);
        WireCodec.writeVarint(bad, 2);
        bad.writeBytes("n1".getBytes());
        bad.writeByte(1);
        WireCodec.writeVarint(bad, 1);
        WireCodec.writeVarint(bad, 17);
        assertThatThrownBy(() -> codec.read(bad))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown Shape tag 17");
    }

    @Test
    void fingerprintsDifferBetweenProtocols() {
        assertThat(WireCodec.of(Shape.class).fingerprint())
                .isEqualTo(WireCodec.of(Shape.class).fingerprint())
                .isNotEqualTo(WireCodec.of(LamportMessage.class).fingerprint());
    }

    @Test
    void numberingDependsOnNamesNotOnTheOrderOfRoots() {
        WireCodec one = WireCodec.of(LamportMessage.class, VectorMessage.class);
        WireCodec other = WireCodec.of(VectorMessage.class, LamportMessage.class);
        assertThat(one.registeredTypes())
                .isEqualTo(other.registeredTypes())
                .isSortedAccordingTo(java.util.Comparator.comparing(Class::getName));
        assertThat(one.fingerprint()).isEqualTo(other.fingerprint());
    }

    @Test
    void theFingerprintCoversTheNumbering() {
        // Registering one more type shifts the numbers of the types after it: the fingerprint must change.
        WireCodec lamport = WireCodec.of(LamportMessage.class);
        WireCodec more = WireCodec.of(LamportMessage.class, Color.class);
        assertThat(more.registeredTypes()).hasSize(lamport.registeredTypes().size() + 1);
        assertThat(more.fingerprint()).isNotEqualTo(lamport.fingerprint());
    }

    record Bad(java.util.Date when) {}

    @Test
    void unencodableComponentIsNamedAtConstruction() {
        assertThatThrownBy(() -> WireCodec.of(Bad.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Bad.when");
    }
}
