package dev.synchrony.bench.codec;

import dev.synchrony.core.NodeId;
import dev.synchrony.multicast.TotalOrderMessage;
import dev.synchrony.net.codec.WireCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;

/**
 * A safety measurement behind the codec choice: a total-order update whose 64-byte payload's length is rewritten
 * to claim 1 GiB, decoded by Kryo (registration required) and by {@link WireCodec}; prints the frame's size and the
 * bytes each decoder allocated before refusing it.
 *
 * <p>Run: {@code java -Xmx2g -cp synchrony-bench/target/benchmarks.jar dev.synchrony.bench.codec.OversizedClaimProbe}
 */
public final class OversizedClaimProbe {

    private static final int CLAIM = 1 << 30;

    private OversizedClaimProbe() {}

    public static void main(String[] args) {
        TotalOrderMessage.Update update = TotalOrderMessage.Update.of(NodeId.of("n3"), 1042, 73_511, new byte[64]);
        WireCodec wire = WireCodec.of(TotalOrderMessage.class);
        KryoCodec kryo = new KryoCodec(wire.registeredTypes());

        byte[] kryoFrame = claim(kryo.toBytes(update), 65, CLAIM + 1); // Kryo writes an array's length plus one
        ByteBuf buf = Unpooled.buffer();
        wire.write(buf, update);
        byte[] wireFrame = claim(ByteBufUtil.getBytes(buf), 64, CLAIM);

        byte[] kryoInput = kryoFrame;
        report("kryo", kryoInput.length, () -> kryo.decode(kryoInput));
        report("registered", wireFrame.length, () -> wire.readAll(Unpooled.wrappedBuffer(wireFrame)));
    }

    /** {@code frame} cut after its first byte equal to {@code length}, that byte replaced by the varint {@code claim}. */
    private static byte[] claim(byte[] frame, int length, int claim) {
        int at = 0;
        while ((frame[at] & 0xff) != length) {
            at++;
        }
        ByteBuf out = Unpooled.buffer();
        out.writeBytes(frame, 0, at);
        WireCodec.writeVarint(out, claim);
        out.writeBytes(new byte[8]);
        return ByteBufUtil.getBytes(out);
    }

    private static void report(String codec, int frameBytes, Runnable decode) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        String outcome;
        try {
            decode.run();
            outcome = "decoded";
        } catch (RuntimeException | OutOfMemoryError e) {
            outcome = "refused: " + e.getClass().getSimpleName() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        System.out.printf(
                "%-10s frame %3d bytes claiming a %d-byte payload: allocated %,d bytes, %s%n",
                codec, frameBytes, CLAIM, allocated, outcome);
    }
}
