package dev.synchrony.net.codec;

import dev.synchrony.clocks.VectorClock;
import dev.synchrony.core.NodeId;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A value whose type the receiver cannot know from the declaration: a message itself, or an {@code Object} or
 * type-variable component (a multicast's payload, the link layer's wrapped message). A tag byte says which of a
 * few value types follows; a record or enum is one of the codec's registered types, named by its number. No
 * class name is ever written or read: a number outside the registry fails the frame.
 */
final class OpenValueCodec implements ValueCodec {

    static final int TAG_NULL = 0;
    static final int TAG_STRING = 1;
    static final int TAG_BYTES = 2;
    static final int TAG_LONG = 3;
    static final int TAG_INT = 4;
    static final int TAG_BOOLEAN = 5;
    static final int TAG_DOUBLE = 6;
    static final int TAG_NODE = 7;
    static final int TAG_REGISTERED = 8;
    // 9 named a class in format version 1; it is not reused, so such a frame fails as an unknown tag.
    static final int TAG_LIST = 10;
    static final int TAG_VECTOR = 11;

    private final TypeRegistry registry;

    OpenValueCodec(TypeRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void write(ByteBuf out, Object value) {
        switch (value) {
            case null -> out.writeByte(TAG_NULL);
            case String s -> {
                out.writeByte(TAG_STRING);
                ScalarCodec.STRING.write(out, s);
            }
            case byte[] bytes -> {
                out.writeByte(TAG_BYTES);
                ScalarCodec.BYTES.write(out, bytes);
            }
            case Long l -> {
                out.writeByte(TAG_LONG);
                PrimitiveCodec.LONG.write(out, l);
            }
            case Integer i -> {
                out.writeByte(TAG_INT);
                PrimitiveCodec.INT.write(out, i);
            }
            case Boolean b -> {
                out.writeByte(TAG_BOOLEAN);
                out.writeBoolean(b);
            }
            case Double d -> {
                out.writeByte(TAG_DOUBLE);
                out.writeDouble(d);
            }
            case NodeId node -> {
                out.writeByte(TAG_NODE);
                ScalarCodec.NODE.write(out, node);
            }
            case VectorClock clock -> {
                out.writeByte(TAG_VECTOR);
                ScalarCodec.VECTOR.write(out, clock);
            }
            case List<?> list -> {
                out.writeByte(TAG_LIST);
                WireReads.writeVarint(out, list.size());
                for (Object item : list) {
                    write(out, item);
                }
            }
            default -> {
                Class<?> type = value instanceof Enum<?> constant ? constant.getDeclaringClass() : value.getClass();
                int number = registry.numberOf(type);
                out.writeByte(TAG_REGISTERED);
                WireReads.writeVarint(out, number);
                registry.codec(number).write(out, value);
            }
        }
    }

    @Override
    public Object read(ByteBuf in, Decoding decoding) {
        decoding.enter();
        WireReads.need(in, 1, "value tag");
        int tag = in.readByte();
        Object value = switch (tag) {
            case TAG_NULL -> null;
            case TAG_STRING -> ScalarCodec.STRING.read(in, decoding);
            case TAG_BYTES -> ScalarCodec.BYTES.read(in, decoding);
            case TAG_LONG -> PrimitiveCodec.LONG.read(in, decoding);
            case TAG_INT -> PrimitiveCodec.INT.read(in, decoding);
            case TAG_BOOLEAN -> PrimitiveCodec.BOOLEAN.read(in, decoding);
            case TAG_DOUBLE -> PrimitiveCodec.DOUBLE.read(in, decoding);
            case TAG_NODE -> ScalarCodec.NODE.read(in, decoding);
            case TAG_VECTOR -> ScalarCodec.VECTOR.read(in, decoding);
            case TAG_LIST -> {
                int count = WireReads.readCount(in, 1, "list");
                decoding.charge(4L * Decoding.OBJECT + 2L * Decoding.REFERENCE * count, "a list");
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read(in, decoding));
                }
                yield Collections.unmodifiableList(items);
            }
            case TAG_REGISTERED -> {
                int number = WireReads.readVarint(in, "type number");
                if (number >= registry.size()) {
                    throw new CodecException(
                            "unknown type number " + number + " (this codec registers " + registry.size() + " types)");
                }
                yield registry.codec(number).read(in, decoding);
            }
            default -> throw new CodecException("unknown value tag " + tag);
        };
        decoding.leave();
        return value;
    }

    @Override
    public int minBytes() {
        return 1;
    }

    @Override
    public String shape() {
        return "open";
    }
}
