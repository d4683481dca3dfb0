package dev.synchrony.net.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchrony.clocks.VectorClock;
import dev.synchrony.core.NodeId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

/**
 * A mutation fuzz of the decoder: valid encodings of every registered message type of every algorithm, with
 * bytes flipped, inserted, deleted or cut off. Whatever the bytes, decoding returns a value the codec may build
 * or throws a {@link CodecException}, never anything else, and allocates no more than its bound. The default suite
 * runs 3,000 frames in seconds; the {@code long} group (-Plong) runs 1,000,000.
 */
class DecoderFuzzTest {

    private static final List<Map.Entry<Class<?>, WireCodec>> TYPES = AlgorithmProtocols.everyMessageType();

    /** One change to a frame; positions and values are taken modulo the frame's length. */
    record Mutation(int kind, int position, int value) {

        byte[] apply(byte[] frame) {
            if (frame.length == 0) {
                return new byte[] {(byte) value};
            }
            int at = Math.floorMod(position, frame.length);
            return switch (kind) {
                case 0 -> { // flip some bits of one byte
                    byte[] out = frame.clone();
                    out[at] ^= (byte) (value == 0 ? 1 : value);
                    yield out;
                }
                case 1 -> { // set one byte to a boundary value
                    byte[] out = frame.clone();
                    out[at] = (byte) new int[] {0, 1, 0x7f, 0x80, 0xff}[Math.floorMod(value, 5)];
                    yield out;
                }
                case 2 -> { // insert a byte
                    byte[] out = new byte[frame.length + 1];
                    System.arraycopy(frame, 0, out, 0, at);
                    out[at] = (byte) value;
                    System.arraycopy(frame, at, out, at + 1, frame.length - at);
                    yield out;
                }
                case 3 -> { // delete a byte
                    byte[] out = new byte[frame.length - 1];
                    System.arraycopy(frame, 0, out, 0, at);
                    System.arraycopy(frame, at + 1, out, at, frame.length - at - 1);
                    yield out;
                }
                default -> java.util.Arrays.copyOf(frame, at); // truncate
            };
        }
    }

    @Provide
    Arbitrary<Integer> messageType() {
        return Arbitraries.integers().between(0, TYPES.size() - 1);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> one = Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(0, 1 << 16),
                        Arbitraries.integers().between(0, 255))
                .as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    private static void decodeMutated(int typeIndex, int variant, List<Mutation> mutations) {
        Map.Entry<Class<?>, WireCodec> entry = TYPES.get(typeIndex);
        WireCodec codec = entry.getValue();
        ByteBuf buf = Unpooled.buffer();
        codec.write(buf, SampleValues.of(entry.getKey(), variant));
        byte[] frame = ByteBufUtil.getBytes(buf);
        for (Mutation mutation : mutations) {
            frame = mutation.apply(frame);
        }
        byte[] input = frame;
        List<Object> decoded = new ArrayList<>(1);
        Runnable decode = () -> {
            decoded.clear();
            try {
                decoded.add(codec.readAll(Unpooled.wrappedBuffer(input)));
            } catch (CodecException expected) {
                assertThat(expected.getMessage()).doesNotContain("\n");
            }
        };
        long allocated = Allocation.of(decode);
        if (allocated >= Allocation.boundFor(input.length)) {
            // The first decode down a new path also pays for loading classes (exceptions, method handle forms):
            // a one-time cost of the JVM, not of the frame. The same frame decoded again shows the frame's own.
            allocated = Allocation.of(decode);
        }
        if (!decoded.isEmpty()) {
            Object value = decoded.get(0);
            assertThat(value == null || buildable(codec, value.getClass()))
                    .as("decoded a %s", value == null ? null : value.getClass())
                    .isTrue();
        }
        if (Allocation.measurable()) {
            assertThat(allocated)
                    .as("allocation for a frame of %d bytes", input.length)
                    .isLessThan(Allocation.boundFor(input.length));
        }
    }

    /** A type the codec may build: registered, or one of the value types of an open field. */
    private static boolean buildable(WireCodec codec, Class<?> type) {
        return codec.registeredTypes().contains(type)
                || type == String.class
                || type == byte[].class
                || type == Long.class
                || type == Integer.class
                || type == Boolean.class
                || type == Double.class
                || type == NodeId.class
                || type == VectorClock.class
                || List.class.isAssignableFrom(type);
    }

    @Property(tries = 3000, seed = "20261201")
    void aMutatedFrameDecodesToARegisteredValueOrFailsCleanly(
            @ForAll("messageType") int type,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 3) int variant,
            @ForAll("mutations") List<Mutation> mutations) {
        decodeMutated(type, variant, mutations);
    }

    @Property(tries = 1_000_000)
    @Tag("long")
    void manyMoreMutatedFrames(
            @ForAll("messageType") int type,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 5) int variant,
            @ForAll("mutations") List<Mutation> mutations) {
        decodeMutated(type, variant, mutations);
    }
}
