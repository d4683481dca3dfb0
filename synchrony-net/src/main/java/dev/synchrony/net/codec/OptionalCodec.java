package dev.synchrony.net.codec;

import io.netty.buffer.ByteBuf;
import java.util.Optional;

/** An {@code Optional}: a presence byte, then the value; a null Optional travels as an empty one. */
final class OptionalCodec implements ValueCodec {

    private final ValueCodec inner;

    OptionalCodec(ValueCodec inner) {
        this.inner = inner;
    }

    @Override
    public void write(ByteBuf out, Object value) {
        Optional<?> optional = (Optional<?>) value;
        if (optional == null || optional.isEmpty()) {
            out.writeByte(0);
        } else {
            out.writeByte(1);
            inner.write(out, optional.get());
        }
    }

    @Override
    public Object read(ByteBuf in, Decoding decoding) {
        WireReads.need(in, 1, "optional");
        byte present = in.readByte();
        if (present == 0) {
            return Optional.empty();
        }
        if (present != 1) {
            throw new CodecException("bad optional byte " + present);
        }
        decoding.charge(Decoding.OBJECT, "optional");
        return Optional.of(inner.read(in, decoding));
    }

    @Override
    public int minBytes() {
        return 1;
    }

    @Override
    public String shape() {
        return "Optional<" + inner.shape() + ">";
    }
}
