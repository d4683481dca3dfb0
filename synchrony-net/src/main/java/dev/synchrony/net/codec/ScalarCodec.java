package dev.synchrony.net.codec;

import dev.synchrony.clocks.VectorClock;
import dev.synchrony.core.NodeId;
import io.netty.buffer.ByteBuf;

/** The value types messages use beside records: strings, arrays, process ids and vector clocks. */
enum ScalarCodec implements ValueCodec {
    /** Varint length, then UTF-8. */
    STRING(String.class, 1) {
        @Override
        public void write(ByteBuf out, Object v) {
            WireReads.writeString(out, (String) v);
        }

        @Override
        public Object read(ByteBuf in, Decoding decoding) {
            return WireReads.readString(in, "string", decoding);
        }
    },
    /** Varint length, then the bytes. */
    BYTES(byte[].class, 1) {
        @Override
        public void write(ByteBuf out, Object v) {
            byte[] bytes = (byte[]) v;
            WireReads.writeVarint(out, bytes.length);
            out.writeBytes(bytes);
        }

        @Override
        public Object read(ByteBuf in, Decoding decoding) {
            int length = WireReads.readCount(in, 1, "byte array");
            decoding.charge(Decoding.OBJECT + length, "byte array");
            byte[] bytes = new byte[length];
            in.readBytes(bytes);
            return bytes;
        }
    },
    /** Varint length, then a zigzag varint each (a vector clock's entries are mostly small). */
    LONGS(long[].class, 1) {
        @Override
        public void write(ByteBuf out, Object v) {
            long[] values = (long[]) v;
            WireReads.writeVarint(out, values.length);
            for (long value : values) {
                WireReads.writeVarLong(out, value);
            }
        }

        @Override
        public Object read(ByteBuf in, Decoding decoding) {
            int length = WireReads.readCount(in, 1, "long array");
            decoding.charge(Decoding.OBJECT + 8L * length, "long array");
            long[] values = new long[length];
            for (int i = 0; i < values.length; i++) {
                values[i] = WireReads.readVarLong(in, "long array element");
            }
            return values;
        }
    },
    /** Varint length, then a zigzag varint each. */
    INTS(int[].class, 1) {
        @Override
        public void write(ByteBuf out, Object v) {
            int[] values = (int[]) v;
            WireReads.writeVarint(out, values.length);
            for (int value : values) {
                WireReads.writeVarLong(out, value);
            }
        }

        @Override
        public Object read(ByteBuf in, Decoding decoding) {
            int length = WireReads.readCount(in, 1, "int array");
            decoding.charge(Decoding.OBJECT + 4L * length, "int array");
            int[] values = new int[length];
            for (int i = 0; i < values.length; i++) {
                long value = WireReads.readVarLong(in, "int array element");
                if (value != (int) value) {
                    throw new CodecException("bad int array element: " + value + " is out of range");
                }
                values[i] = (int) value;
            }
            return values;
        }
    },
    /** The process name, as a string (a name has at least one character). */
    NODE(NodeId.class, 2) {
        @Override
        public void write(ByteBuf out, Object v) {
            WireReads.writeString(out, ((NodeId) v).name());
        }

        @Override
        public Object read(ByteBuf in, Decoding decoding) {
            String name = WireReads.readString(in, "process id", decoding);
            // The id, and what its constructor allocates checking each character of the name.
            decoding.charge(Decoding.OBJECT + NAME_CHECK_BYTES, "process id");
            try {
                return NodeId.of(name);
            } catch (IllegalArgumentException e) {
                throw new CodecException("bad process id: " + e.getMessage());
            }
        }
    },
    /** The entries, as a long array. */
    VECTOR(VectorClock.class, 1) {
        @Override
        public void write(ByteBuf out, Object v) {
            LONGS.write(out, ((VectorClock) v).toArray());
        }

        @Override
        public Object read(ByteBuf in, Decoding decoding) {
            long[] entries = (long[]) LONGS.read(in, decoding);
            // The clock keeps its own copy of the entries.
            decoding.charge(2L * Decoding.OBJECT + 8L * entries.length, "vector clock");
            try {
                return VectorClock.of(entries);
            } catch (IllegalArgumentException e) {
                throw new CodecException("bad vector clock: " + e.getMessage());
            }
        }
    };

    /** Heap bytes {@code NodeId}'s constructor allocates to check a name (a character stream), measured. */
    private static final int NAME_CHECK_BYTES = 112;

    private final Class<?> type;
    private final int minBytes;

    ScalarCodec(Class<?> type, int minBytes) {
        this.type = type;
        this.minBytes = minBytes;
    }

    /** The codec of {@code type}, or null if it is not one of these. */
    static ScalarCodec of(Class<?> type) {
        for (ScalarCodec codec : values()) {
            if (codec.type == type) {
                return codec;
            }
        }
        return null;
    }

    @Override
    public int minBytes() {
        return minBytes;
    }

    @Override
    public String shape() {
        return name();
    }
}
