package dev.synchrony.bench.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.synchrony.clocks.VectorClock;
import dev.synchrony.core.NodeId;
import java.util.Arrays;
import java.util.List;

/**
 * The candidate library for the wire codec: Kryo 5 with {@code registrationRequired}, its types registered in
 * the same order as {@code WireCodec} numbers them (so both members agree, as the handshake's fingerprint would
 * need), records through Kryo's record serializer (canonical constructor), {@code NodeId} and {@code VectorClock}
 * by small serializers of our own. One instance per thread: a {@link Kryo} is not thread-safe.
 */
public final class KryoCodec {

    private final Kryo kryo = new Kryo();
    private final Output output = new Output(1024, -1);
    private final Input input = new Input();

    /** {@code types}: the records and enums to register, in number order. */
    public KryoCodec(List<Class<?>> types) {
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        kryo.register(byte[].class);
        kryo.register(long[].class);
        kryo.register(NodeId.class, new Serializer<NodeId>() {
            @Override
            public void write(Kryo kryo, Output out, NodeId id) {
                out.writeString(id.name());
            }

            @Override
            public NodeId read(Kryo kryo, Input in, Class<? extends NodeId> type) {
                return NodeId.of(in.readString());
            }
        });
        kryo.register(VectorClock.class, new Serializer<VectorClock>() {
            @Override
            public void write(Kryo kryo, Output out, VectorClock clock) {
                long[] entries = clock.toArray();
                out.writeVarInt(entries.length, true);
                for (long entry : entries) {
                    out.writeVarLong(entry, false);
                }
            }

            @Override
            public VectorClock read(Kryo kryo, Input in, Class<? extends VectorClock> type) {
                long[] entries = new long[in.readVarInt(true)];
                for (int i = 0; i < entries.length; i++) {
                    entries[i] = in.readVarLong(false);
                }
                return VectorClock.of(entries);
            }
        });
        for (Class<?> type : types) {
            kryo.register(type);
        }
    }

    /** Encodes {@code message}; the bytes stay in this codec's buffer until the next call. */
    public int encode(Object message) {
        output.reset();
        kryo.writeClassAndObject(output, message);
        return output.position();
    }

    /** {@code message} encoded, in a new array. */
    public byte[] toBytes(Object message) {
        return Arrays.copyOf(output.getBuffer(), encode(message));
    }

    /** Decodes what the last {@link #encode} wrote. */
    public Object decodeLast() {
        input.setBuffer(output.getBuffer(), 0, output.position());
        return kryo.readClassAndObject(input);
    }

    /** Decodes {@code bytes}. */
    public Object decode(byte[] bytes) {
        input.setBuffer(bytes);
        return kryo.readClassAndObject(input);
    }
}
