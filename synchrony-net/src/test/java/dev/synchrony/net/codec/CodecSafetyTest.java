package dev.synchrony.net.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.synchrony.core.NodeId;
import dev.synchrony.election.RingMessage;
import dev.synchrony.logical.LamportMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The decoder's safety promises, each shown on a crafted frame: a refused frame leaves nothing behind, a small
 * frame cannot make the decoder allocate much more than its size, and every kind of bad frame fails with a
 * one-line {@link CodecException} that says what was wrong.
 */
class CodecSafetyTest {

    private static final WireCodec RING = WireCodec.of(RingMessage.class, LamportMessage.class);
    private static final List<NodeId> ALIVE = List.of(NodeId.of("n2"), NodeId.of("n3"));
    private static final RingMessage.Election ELECTION = new RingMessage.Election(NodeId.of("n2"), 3, ALIVE, 9, 41);

    private static byte[] frame(Consumer<ByteBuf> writer) {
        ByteBuf buf = Unpooled.buffer();
        writer.accept(buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

    private static byte[] encoded(WireCodec codec, Object message) {
        return frame(buf -> codec.write(buf, message));
    }

    private static int number(Class<?> type) {
        return RING.registeredTypes().indexOf(type);
    }

    /** An election message whose list of live processes claims {@code count} ids and holds {@code ids}. */
    private static byte[] election(int count, Consumer<ByteBuf> ids) {
        return frame(buf -> {
            buf.writeByte(8);
            WireCodec.writeVarint(buf, number(RingMessage.Election.class));
            buf.writeByte(1);
            WireCodec.writeVarint(buf, 2);
            buf.writeBytes("n1".getBytes());
            WireReads.writeVarLong(buf, 1);
            buf.writeByte(1);
            WireCodec.writeVarint(buf, count);
            ids.accept(buf);
            WireReads.writeVarLong(buf, 1);
            WireReads.writeVarLong(buf, 1);
        });
    }

    private static CodecException refusal(WireCodec codec, byte[] frame) {
        Throwable thrown =
                org.assertj.core.api.Assertions.catchThrowable(() -> codec.readAll(Unpooled.wrappedBuffer(frame)));
        assertThat(thrown).isInstanceOf(CodecException.class);
        assertThat(thrown.getMessage()).doesNotContain("\n").doesNotContain("\r");
        return (CodecException) thrown;
    }

    @Test
    void aRefusedFrameLeavesNothingBehind() {
        byte[] valid = encoded(RING, ELECTION);
        List<Class<?>> before = RING.registeredTypes();
        long fingerprint = RING.fingerprint();
        List<byte[]> bad = List.of(
                new byte[] {8, 127}, // unknown type number
                new byte[] {9, 5, 'd', 'e', 'v', '.', 'x'}, // a class name, as format 1 allowed
                election(1, buf -> buf.writeByte(0)), // invalid id (empty name)
                encoded(RING, new RingMessage.Ack(3)), // valid, then truncated below
                frame(
                        buf -> { // invalid record: null initiator
                            buf.writeByte(8);
                            WireCodec.writeVarint(buf, number(RingMessage.Election.class));
                            buf.writeByte(0);
                            WireReads.writeVarLong(buf, 1);
                            buf.writeByte(1);
                            buf.writeByte(0);
                            WireReads.writeVarLong(buf, 1);
                            WireReads.writeVarLong(buf, 1);
                        }));
        for (int round = 0; round < 3; round++) {
            for (byte[] frame : bad) {
                byte[] cut = frame == bad.get(3) ? java.util.Arrays.copyOf(frame, frame.length - 1) : frame;
                refusal(RING, cut);
            }
            assertThat(RING.readAll(Unpooled.wrappedBuffer(valid))).isEqualTo(ELECTION);
        }
        assertThat(RING.registeredTypes()).isEqualTo(before);
        assertThat(RING.fingerprint()).isEqualTo(fingerprint);
    }

    @Test
    void everyBadFrameIsNamedInOneLine() {
        assertThat(refusal(RING, new byte[] {8, 100})).hasMessageContaining("unknown type number 100");
        byte[] valid = encoded(RING, ELECTION);
        assertThat(refusal(RING, java.util.Arrays.copyOf(valid, valid.length - 3)))
                .hasMessageContaining("truncated");
        byte[] longer = java.util.Arrays.copyOf(valid, valid.length + 2);
        assertThat(refusal(RING, longer)).hasMessageContaining("2 trailing bytes after a Election");
        byte[] nullInitiator = frame(buf -> {
            buf.writeByte(8);
            WireCodec.writeVarint(buf, number(RingMessage.Election.class));
            buf.writeByte(0);
            WireReads.writeVarLong(buf, 1);
            buf.writeByte(1);
            buf.writeByte(0);
            WireReads.writeVarLong(buf, 1);
            WireReads.writeVarLong(buf, 1);
        });
        assertThat(refusal(RING, nullInitiator))
                .hasMessageStartingWith("invalid Election: ")
                .hasMessageContaining("NullPointerException");
        assertThat(refusal(RING, election(1, buf -> buf.writeBytes(new byte[] {1, '!'}))))
                .hasMessageContaining("bad process id")
                .hasMessageContaining("'!'");
        assertThat(refusal(RING, new byte[] {8, (byte) number(RingMessage.Heartbeat.class), 2, 7}))
                .hasMessageContaining("bad boolean byte 7");
    }

    @Test
    void aCountLargerThanTheFrameAllocatesNothing() {
        assumeThat(Allocation.measurable()).isTrue();
        byte[] frame = election(Integer.MAX_VALUE, buf -> buf.writeBytes(new byte[] {2, 'n', '1'}));
        assertThat(refusal(RING, frame)).hasMessageContaining("claims 2147483647 elements");
        long allocated = Allocation.of(() -> RING.readAll(Unpooled.wrappedBuffer(frame)));
        // Only the refusal itself (its message and stack trace), nothing proportional to the claimed count.
        assertThat(allocated).isLessThan(256 * 1024);
    }

    @Test
    void aMebibyteFrameOfTinyValuesCannotMakeTheDecoderAllocateMuchMoreThanItsSize() {
        assumeThat(Allocation.measurable()).isTrue();
        int target = 1 << 20;
        // The worst shapes found: one-letter process ids (2 bytes each, ~70 on the heap), empty open lists.
        int ids = (target - 40) / 2;
        byte[] tinyIds = election(ids, buf -> {
            for (int i = 0; i < ids; i++) {
                buf.writeByte(1);
                buf.writeByte('a' + i % 26);
            }
        });
        byte[] emptyLists = frame(buf -> {
            buf.writeByte(10);
            WireCodec.writeVarint(buf, target / 2 - 4);
            for (int i = 0; i < target / 2 - 4; i++) {
                buf.writeByte(10);
                buf.writeByte(0);
            }
        });
        byte[] longs = frame(buf -> {
            buf.writeByte(10);
            WireCodec.writeVarint(buf, target / 4);
            for (int i = 0; i < target / 4; i++) {
                buf.writeByte(3);
                WireReads.writeVarLong(buf, i);
            }
        });
        for (Map.Entry<String, byte[]> shape : Map.of(
                        "one-letter ids", tinyIds, "empty lists", emptyLists, "boxed longs", longs)
                .entrySet()) {
            byte[] frame = shape.getValue();
            for (int warm = 0; warm < 2; warm++) {
                Allocation.of(() -> RING.read(Unpooled.wrappedBuffer(frame)));
            }
            long allocated = Allocation.of(() -> RING.read(Unpooled.wrappedBuffer(frame)));
            assertThat(allocated)
                    .as("%s: %d bytes allocated for a frame of %d", shape.getKey(), allocated, frame.length)
                    .isLessThan(Allocation.boundFor(frame.length));
        }
        assertThat(refusal(RING, tinyIds)).hasMessageContaining("frame too costly to decode");
    }

    @Test
    void repeatedSetElementsAndMapKeysAreRefused() {
        record Members(java.util.Set<String> names, Map<String, Long> ages) {}
        WireCodec codec = WireCodec.of(Members.class);
        byte[] twice = frame(buf -> {
            buf.writeByte(8);
            WireCodec.writeVarint(buf, 0);
            buf.writeByte(1);
            buf.writeByte(2);
            buf.writeBytes(new byte[] {1, 'a', 1, 'a'});
            buf.writeByte(1);
            buf.writeByte(0);
        });
        assertThat(refusal(codec, twice)).hasMessageContaining("repeated element in a set");
        byte[] keyTwice = frame(buf -> {
            buf.writeByte(8);
            WireCodec.writeVarint(buf, 0);
            buf.writeByte(1);
            buf.writeByte(0);
            buf.writeByte(1);
            buf.writeByte(2);
            for (int i = 0; i < 2; i++) {
                buf.writeBytes(new byte[] {1, 'k'});
                WireReads.writeVarLong(buf, i);
            }
        });
        assertThat(refusal(codec, keyTwice)).hasMessageContaining("repeated key in a map");
    }

    @Test
    void nestingIsBounded() {
        byte[] deep = frame(buf -> {
            for (int i = 0; i < 1000; i++) {
                buf.writeByte(10);
                buf.writeByte(1);
            }
            buf.writeByte(0);
        });
        assertThat(refusal(RING, deep)).hasMessageContaining("nested deeper than 64 levels");
    }
}
