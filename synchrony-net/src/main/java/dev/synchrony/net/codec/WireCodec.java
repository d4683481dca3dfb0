package dev.synchrony.net.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The binary codec of a protocol's messages. Its message types are registered when it is built: each root (a
 * sealed interface, a record or an enum) is walked through its permitted records and their component types, and
 * every record and enum reached is numbered by class name. A message travels as its type's number and its
 * components; no class name is ever written, and decoding can only build registered types, through their
 * canonical constructors (so a record's own validation runs on every decoded value). No Java serialization.
 *
 * <p>Encoding by the declared type of each component:
 * <ul>
 *   <li>{@code long}, {@code int} (and their arrays' elements): zigzag varints; other primitives and their
 *   boxes: fixed width, big-endian; {@code String}: varint length + UTF-8; {@code byte[]}, {@code long[]},
 *   {@code int[]}: varint length + elements; enums: the ordinal;</li>
 *   <li>{@code NodeId}: its name; {@code VectorClock}: its entries;</li>
 *   <li>{@code List}, {@code Set}, {@code SortedSet}, {@code Map}, {@code SortedMap}, {@code Optional} of any
 *   encodable type: count (or presence) then the elements, none null;</li>
 *   <li>a record: its components in declaration order, a reference component behind a presence byte; a sealed
 *   interface: the number of the leaf among its permitted leaves sorted by class name, then the leaf;</li>
 *   <li>{@code Object} or a type variable (a payload): a tag, then a string, byte array, number, process id,
 *   vector clock or list of such, or a registered record or enum by its number.</li>
 * </ul>
 *
 * <p>{@link #fingerprint()} hashes the numbering and the structure of every registered type; the handshake
 * compares it, so members that would number or lay out a type differently refuse each other. Decoding checks
 * every length and count against the bytes left before allocating, bounds nesting, refuses repeated set elements
 * and map keys, and fails with a one-line {@link CodecException} naming what was wrong. A codec never changes
 * after it is built, so it is safe to share between threads and a bad frame leaves nothing behind.
 */
public final class WireCodec {

    /** The wire format's version; frames carry it so members of another format are told apart. */
    public static final int FORMAT_VERSION = 2;

    private final List<Class<?>> roots;
    private final TypeRegistry registry;
    private final ValueCodec message;
    private final long fingerprint;

    private WireCodec(List<Class<?>> roots) {
        this.roots = List.copyOf(roots);
        CodecBuilder builder = new CodecBuilder();
        builder.build(this.roots);
        this.registry = builder.registry();
        this.message = builder.open();
        this.fingerprint = fnv1a("v" + FORMAT_VERSION + ";" + builder.structure());
    }

    /**
     * A codec for the given message roots: sealed interfaces, records or enums. Payload types that travel in
     * {@code Object} components (an account update inside a multicast) must be among the roots too.
     *
     * @param roots the message roots
     * @return the codec
     * @throws IllegalArgumentException naming the component whose type cannot be encoded
     */
    public static WireCodec of(Class<?>... roots) {
        return new WireCodec(List.of(roots));
    }

    /**
     * Like {@link #of(Class[])}, from a list.
     *
     * @param roots the message roots
     * @return the codec
     * @throws IllegalArgumentException naming the component whose type cannot be encoded
     */
    public static WireCodec of(List<Class<?>> roots) {
        return new WireCodec(roots);
    }

    /**
     * The roots this codec was built from, in the order given.
     *
     * @return the roots
     */
    public List<Class<?>> roots() {
        return roots;
    }

    /**
     * Hash of the numbering and structure of every registered type: equal on members that can talk together.
     *
     * @return the fingerprint the handshake compares
     */
    public long fingerprint() {
        return fingerprint;
    }

    /**
     * The record and enum types this codec can build, in number order.
     *
     * @return the types; nothing else can come out of a frame
     */
    public List<Class<?>> registeredTypes() {
        return registry.types();
    }

    /**
     * Appends {@code message} (or any value an open component may hold).
     *
     * @param out the buffer to write to
     * @param message a value of a registered type
     * @throws CodecException when the value's type is not registered
     */
    public void write(ByteBuf out, Object message) {
        this.message.write(out, message);
    }

    /**
     * Reads one value written by {@link #write}; the buffer may hold more after it.
     *
     * @param in the buffer, read from its reader index
     * @return the value
     * @throws CodecException when the bytes are not a valid value, naming what was wrong
     */
    public Object read(ByteBuf in) {
        return message.read(in, Decoding.ofFrame(in.readableBytes()));
    }

    /**
     * Reads one message that must fill the rest of {@code in}: bytes left after it fail the frame.
     *
     * @param in the buffer, read from its reader index to its end
     * @return the message
     * @throws CodecException when the bytes are not one valid value
     */
    public Object readAll(ByteBuf in) {
        Object value = read(in);
        if (in.isReadable()) {
            throw new CodecException(in.readableBytes() + " trailing bytes after a "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        return value;
    }

    /**
     * Reads one value and checks it is a {@code type}.
     *
     * @param <T> the type expected
     * @param in the buffer, read from its reader index
     * @param type the type expected
     * @return the value
     * @throws CodecException when the bytes are not a valid value of that type
     */
    public <T> T read(ByteBuf in, Class<T> type) {
        Object value = read(in);
        if (!type.isInstance(value)) {
            throw new CodecException("expected a " + type.getSimpleName() + ", got "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        return type.cast(value);
    }

    /**
     * Unsigned LEB128 varint, as every length and count of the format.
     *
     * @param out the buffer to write to
     * @param value a length or count, not negative
     */
    public static void writeVarint(ByteBuf out, int value) {
        WireReads.writeVarint(out, value);
    }

    /**
     * Reads a varint written by {@link #writeVarint}; {@code what} names it in the error of a bad frame.
     *
     * @param in the buffer, read from its reader index
     * @param what what the number is, for the error message
     * @return the number
     * @throws CodecException when the varint is cut short or too long
     */
    public static int readVarint(ByteBuf in, String what) {
        return WireReads.readVarint(in, what);
    }

    private static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
