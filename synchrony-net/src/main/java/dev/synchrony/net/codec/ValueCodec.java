package dev.synchrony.net.codec;

import io.netty.buffer.ByteBuf;

/** The encoding of one Java type, built once when a {@link WireCodec} is made and never changed after. */
interface ValueCodec {

    /** Appends {@code value}, which is never null unless this codec says it carries nulls. */
    void write(ByteBuf out, Object value);

    /** Reads one value, charging {@code decoding} for its nesting and the memory it builds. */
    Object read(ByteBuf in, Decoding decoding);

    /**
     * The fewest bytes any encoding of this type takes: a count of N such values needs N times this many bytes
     * left before the decoder allocates room for them.
     */
    int minBytes();

    /** A short description of the encoding, for the fingerprint. */
    String shape();
}
