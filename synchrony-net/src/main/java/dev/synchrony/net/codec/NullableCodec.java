package dev.synchrony.net.codec;

import io.netty.buffer.ByteBuf;

/** A reference component of a record: a presence byte (0 null, 1 present), then the value. */
final class NullableCodec implements ValueCodec {

    private final ValueCodec inner;

    NullableCodec(ValueCodec inner) {
        this.inner = inner;
    }

    @Override
    public void write(ByteBuf out, Object value) {
        if (value == null) {
            out.writeByte(0);
        } else {
            out.writeByte(1);
            inner.write(out, value);
        }
    }

    @Override
    public Object read(ByteBuf in, Decoding decoding) {
        WireReads.need(in, 1, "presence byte");
        byte present = in.readByte();
        if (present == 0) {
            return null;
        }
        if (present != 1) {
            throw new CodecException("bad presence byte " + present);
        }
        return inner.read(in, decoding);
    }

    @Override
    public int minBytes() {
        return 1;
    }

    @Override
    public String shape() {
        return "?" + inner.shape();
    }
}
