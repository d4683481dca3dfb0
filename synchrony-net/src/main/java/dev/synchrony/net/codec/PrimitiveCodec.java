package dev.synchrony.net.codec;

import io.netty.buffer.ByteBuf;

/** Primitives and their boxes: fixed width, big-endian; a boolean is one byte, 0 or 1. */
enum PrimitiveCodec implements ValueCodec {
    BOOLEAN(boolean.class, Boolean.class, 1) {
        @Override
        public void write(ByteBuf out, Object v) {
            out.writeBoolean((Boolean) v);
        }

        @Override
        public Object read(ByteBuf in, Decoding decoding) {
            WireReads.need(in, 1, "boolean");
            decoding.charge(Decoding.OBJECT, "boolean");
            byte b = in.readByte();
            if (b != 0 && b != 1) {
                throw new CodecException("bad boolean byte " + b);
            }
            return b == 1;
        }
    },
    BYTE(byte.class, Byte.class, 1) {
        @Override
        public void write(ByteBuf out, Object v) {
            out.writeByte((Byte) v);
        }

        @Override
        public Object read(ByteBuf in, Decoding decoding) {
            WireReads.need(in, 1, "byte");
            decoding.charge(Decoding.OBJECT, "byte");
            return in.readByte();
        }
    },
    SHORT(short.class, Short.class, 2) {
        @Override
        public void write(ByteBuf out, Object v) {
            out.writeShort((Short) v);
        }

        @Override
        public Object read(ByteBuf in, Decoding decoding) {
            WireReads.need(in, 2, "short");
            decoding.charge(Decoding.OBJECT, "short");
            return in.readShort();
        }
    },
    CHAR(char.class, Character.class, 2) {
        @Override
        public void write(ByteBuf out, Object v) {
            out.writeChar((Character) v);
        }

        @Override
        public Object read(ByteBuf in, Decoding decoding) {
            WireReads.need(in, 2, "char");
            decoding.charge(Decoding.OBJECT, "char");
            return in.readChar();
        }
    },
    /** A zigzag varint, as {@code LONG}, refused outside the int range. */
    INT(int.class, Integer.class, 1) {
        @Override
        public void write(ByteBuf out, Object v) {
            WireReads.writeVarLong(out, (Integer) v);
        }

        @Override
        public Object read(ByteBuf in, Decoding decoding) {
            long value = WireReads.readVarLong(in, "int");
            if (value != (int) value) {
                throw new CodecException("bad int: " + value + " is out of range");
            }
            decoding.charge(Decoding.OBJECT, "int");
            return (int) value;
        }
    },
    /** A zigzag varint: timestamps, sequence numbers and ids are mostly small, and -1 is one byte. */
    LONG(long.class, Long.class, 1) {
        @Override
        public void write(ByteBuf out, Object v) {
            WireReads.writeVarLong(out, (Long) v);
        }

        @Override
        public Object read(ByteBuf in, Decoding decoding) {
            long value = WireReads.readVarLong(in, "long");
            decoding.charge(Decoding.OBJECT, "long");
            return value;
        }
    },
    FLOAT(float.class, Float.class, 4) {
        @Override
        public void write(ByteBuf out, Object v) {
            out.writeFloat((Float) v);
        }

        @Override
        public Object read(ByteBuf in, Decoding decoding) {
            WireReads.need(in, 4, "float");
            decoding.charge(Decoding.OBJECT, "float");
            return in.readFloat();
        }
    },
    DOUBLE(double.class, Double.class, 8) {
        @Override
        public void write(ByteBuf out, Object v) {
            out.writeDouble((Double) v);
        }

        @Override
        public Object read(ByteBuf in, Decoding decoding) {
            WireReads.need(in, 8, "double");
            decoding.charge(Decoding.OBJECT, "double");
            return in.readDouble();
        }
    };

    private final Class<?> primitive;
    private final Class<?> boxed;
    private final int width;

    PrimitiveCodec(Class<?> primitive, Class<?> boxed, int width) {
        this.primitive = primitive;
        this.boxed = boxed;
        this.width = width;
    }

    /** The codec of a primitive or boxed type, or null for any other type. */
    static PrimitiveCodec of(Class<?> type) {
        for (PrimitiveCodec codec : values()) {
            if (codec.primitive == type || codec.boxed == type) {
                return codec;
            }
        }
        return null;
    }

    @Override
    public int minBytes() {
        return width;
    }

    @Override
    public String shape() {
        return primitive.getName();
    }
}
