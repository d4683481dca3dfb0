package dev.synchrony.net.codec;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * An enum constant by its ordinal (a varint). The fingerprint lists the constants by name, so two members that
 * order them differently refuse each other at the handshake instead of mixing them up.
 */
final class EnumCodec implements ValueCodec {

    private final Class<?> type;
    private final List<Object> constants;

    EnumCodec(Class<?> type) {
        this.type = type;
        this.constants = List.of(type.getEnumConstants());
    }

    @Override
    public void write(ByteBuf out, Object value) {
        WireReads.writeVarint(out, ((Enum<?>) value).ordinal());
    }

    @Override
    public Object read(ByteBuf in, Decoding decoding) {
        int ordinal = WireReads.readVarint(in, type.getSimpleName() + " constant");
        if (ordinal >= constants.size()) {
            throw new CodecException("unknown " + type.getSimpleName() + " constant " + ordinal + " (known: 0.."
                    + (constants.size() - 1) + ")");
        }
        return constants.get(ordinal);
    }

    @Override
    public int minBytes() {
        return 1;
    }

    @Override
    public String shape() {
        StringBuilder names = new StringBuilder("enum(");
        for (Object constant : constants) {
            names.append(((Enum<?>) constant).name()).append(',');
        }
        return names.append(')').toString();
    }
}
