package dev.synchrony.bench;

import dev.synchrony.bench.codec.KryoCodec;
import dev.synchrony.bench.codec.LegacyWireCodec;
import dev.synchrony.clocks.VectorClock;
import dev.synchrony.core.NodeId;
import dev.synchrony.link.LinkMessage;
import dev.synchrony.logical.VectorMessage;
import dev.synchrony.multicast.TotalOrderMessage;
import dev.synchrony.mutex.RicartAgrawalaMutex;
import dev.synchrony.net.codec.WireCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One message encoded and decoded, by three codecs in the same run: {@code registered} (the runtime's
 * {@link WireCodec}: registered types, bounded decoding), {@code legacy} (the codec it replaced, kept in
 * {@link LegacyWireCodec} as the baseline) and {@code kryo} (Kryo 5 with registration required, the library
 * candidate). Messages: a total-order update with a 64-byte payload, a Ricart-Agrawala request, that request
 * wrapped in the reliable link's data frame (as the API services send it), and a vector-clock message of 8
 * entries. The score is nanoseconds per encode+decode, sampled, so that the median ({@code p0.50}) can be read
 * past the interference of other processes on a shared machine; the setup prints the encoded size of the message
 * ({@code bytes per message: ...}), which does not vary between operations.
 *
 * <p>Run: {@code ./mvnw -q -DskipTests package -pl synchrony-bench -am &&
 * java -jar synchrony-bench/target/benchmarks.jar CodecBenchmark -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

    @Param({"registered", "legacy", "kryo"})
    public String codec;

    @Param({"totalOrderUpdate", "ricartAgrawalaRequest", "linkData", "vectorClock"})
    public String message;

    private Object value;
    private ByteBuf buffer;
    private WireCodec registered;
    private LegacyWireCodec legacy;
    private KryoCodec kryo;
    private int lastBytes;

    @Setup
    public void setUp() {
        List<Class<?>> roots = switch (message) {
            case "totalOrderUpdate" -> List.of(TotalOrderMessage.class);
            case "ricartAgrawalaRequest" -> List.of(RicartAgrawalaMutex.Message.class);
            case "linkData" -> List.of(LinkMessage.class, RicartAgrawalaMutex.Message.class);
            case "vectorClock" -> List.of(VectorMessage.class);
            default -> throw new IllegalArgumentException("unknown message " + message);
        };
        byte[] payload = new byte[64];
        Arrays.fill(payload, (byte) 7);
        value = switch (message) {
            case "totalOrderUpdate" -> TotalOrderMessage.Update.of(NodeId.of("n3"), 1042, 73_511, payload);
            case "ricartAgrawalaRequest" -> new RicartAgrawalaMutex.Message.Request(73_511);
            case "linkData" ->
                new LinkMessage.Data<>(
                        1_733_000_000_000L,
                        0,
                        1_733_000_000_123L,
                        1042,
                        2_417_000_000L,
                        new RicartAgrawalaMutex.Message.Request(73_511));
            default -> new VectorMessage.Stamped("m17", VectorClock.of(3, 0, 12, 7, 1, 0, 44, 9));
        };
        registered = WireCodec.of(roots);
        legacy = LegacyWireCodec.of(roots.toArray(Class<?>[]::new));
        kryo = new KryoCodec(registered.registeredTypes());
        buffer = Unpooled.buffer(1024);
        Object back = roundTrip();
        String check = back instanceof TotalOrderMessage.Update update
                        && update.payloads().getFirst() instanceof byte[] bytes
                ? Arrays.toString(bytes)
                : String.valueOf(back);
        String expected = value instanceof TotalOrderMessage.Update update
                ? Arrays.toString((byte[]) update.payloads().getFirst())
                : String.valueOf(value);
        if (!check.equals(expected)) {
            throw new IllegalStateException(codec + " did not round-trip " + value + ": got " + back);
        }
        System.out.println("bytes per message: " + codec + " " + message + " " + lastBytes);
    }

    private Object roundTrip() {
        int bytes;
        Object back;
        switch (codec) {
            case "registered" -> {
                buffer.clear();
                registered.write(buffer, value);
                bytes = buffer.readableBytes();
                back = registered.readAll(buffer);
            }
            case "legacy" -> {
                buffer.clear();
                legacy.write(buffer, value);
                bytes = buffer.readableBytes();
                back = legacy.read(buffer);
            }
            case "kryo" -> {
                bytes = kryo.encode(value);
                back = kryo.decodeLast();
            }
            default -> throw new IllegalArgumentException("unknown codec " + codec);
        }
        lastBytes = bytes;
        return back;
    }

    @Benchmark
    public Object encodeDecode() {
        return roundTrip();
    }
}
