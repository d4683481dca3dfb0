package dev.synchrony.bench.codec;

import dev.synchrony.clocks.VectorClock;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.codec.CodecException;
import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * BASELINE ONLY, NOT USED BY THE RUNTIME: the wire codec as it was before message types were registered (commit
 * d177805, {@code synchrony-net/.../codec/WireCodec.java}), kept verbatim but for its name and package so that
 * {@code CodecBenchmark} measures the current codec against it in the same run. It names classes on the wire for
 * open fields, loads them with {@code Class.forName}, caches codecs lazily (a failed lookup could leave a
 * half-built entry) and does not bound what a frame makes it allocate: never use it to decode frames.
 *
 * <p>Its original description follows.
 *
 * <p>A binary codec for the message records of a protocol, built by walking the record components by reflection.
 * No Java serialization: only records, enums and a fixed set of value types can be encoded, and a decoder only
 * ever calls a record's canonical constructor (so a record's own validation runs on every decoded value).
 *
 * <p>Encoding by the declared type of each component:
 * <ul>
 *   <li>primitives: fixed width, big-endian; {@code String}: varint length + UTF-8; {@code byte[]}, {@code long[]},
 *   {@code int[]}: varint length + elements; enums: by name;</li>
 *   <li>{@link NodeId}: its name; {@link VectorClock}: its entries;</li>
 *   <li>{@code List}, {@code Set}, {@code SortedSet}, {@code Map}, {@code SortedMap}, {@code Optional} of any
 *   encodable type: count (or presence) then the elements; maps decode in their encoded order;</li>
 *   <li>a record: its components in declaration order; a sealed interface: the index of the leaf among its
 *   permitted leaves sorted by class name (stable whatever order the compiler lists them in), then the leaf;</li>
 *   <li>{@code Object}, a type variable, or any other open type: a self-describing value (a tag, then for a record
 *   or enum the index of its class among the types known to this codec, or for one outside it, its class name,
 *   accepted only for records and enums in the allowed packages).</li>
 * </ul>
 * Every reference component carries a presence byte, so a null survives the trip.
 *
 * <p>The known types (everything reachable from the roots) are indexed in class-name order, and
 * {@link #fingerprint()} hashes their structure: two members whose fingerprints differ run different builds of a
 * protocol, and the handshake refuses them. Decoding checks every length against the bytes left, bounds nesting,
 * and fails with a {@link CodecException} naming what was wrong (unknown tag, truncated value, bad record).
 */
public final class LegacyWireCodec {

    /** The wire format's version; frames carry it so a later format can be told apart. */
    public static final int FORMAT_VERSION = 1;

    private static final int MAX_DEPTH = 64;
    private static final int TAG_NULL = 0;
    private static final int TAG_STRING = 1;
    private static final int TAG_BYTES = 2;
    private static final int TAG_LONG = 3;
    private static final int TAG_INT = 4;
    private static final int TAG_BOOLEAN = 5;
    private static final int TAG_DOUBLE = 6;
    private static final int TAG_NODE = 7;
    private static final int TAG_KNOWN = 8;
    private static final int TAG_NAMED = 9;
    private static final int TAG_LIST = 10;
    private static final int TAG_VECTOR = 11;

    private final List<String> allowedPackages;
    private final Map<Class<?>, ValueCodec> byClass = new HashMap<>();
    private final List<Class<?>> known;
    private final Map<Class<?>, Integer> knownIndex = new HashMap<>();
    private final long fingerprint;
    private final ValueCodec dynamic = new DynamicCodec();

    private LegacyWireCodec(List<Class<?>> roots, List<String> allowedPackages) {
        this.allowedPackages = List.copyOf(allowedPackages);
        synchronized (this) {
            for (Class<?> root : roots) {
                codecFor(root, root.getName());
            }
        }
        List<Class<?>> reachable = new ArrayList<>();
        for (Class<?> type : byClass.keySet()) {
            if (type.isRecord() || type.isEnum()) {
                reachable.add(type);
            }
        }
        reachable.sort(Comparator.comparing(Class::getName));
        this.known = List.copyOf(reachable);
        for (int i = 0; i < known.size(); i++) {
            knownIndex.put(known.get(i), i);
        }
        this.fingerprint = computeFingerprint();
    }

    /**
     * A codec for the given message roots (sealed interfaces or records); open ({@code Object}) fields may hold
     * records and enums of {@code dev.synchrony} packages.
     *
     * @throws IllegalArgumentException naming the component whose type cannot be encoded
     */
    public static LegacyWireCodec of(Class<?>... roots) {
        return new LegacyWireCodec(List.of(roots), List.of("dev.synchrony."));
    }

    /** Like {@link #of}, with the packages (prefixes, e.g. {@code "com.example."}) whose records open fields may hold. */
    public static LegacyWireCodec of(List<Class<?>> roots, List<String> allowedPackages) {
        List<String> packages = new ArrayList<>(allowedPackages);
        packages.add("dev.synchrony.");
        return new LegacyWireCodec(roots, packages);
    }

    /** Hash of the structure of every known type: equal on members that can talk to each other. */
    public long fingerprint() {
        return fingerprint;
    }

    /** The record and enum types this codec indexes, in index order. */
    public List<Class<?>> knownTypes() {
        return known;
    }

    /** Appends {@code value} (a message, or any encodable value) to {@code out}. */
    public void write(ByteBuf out, Object value) {
        dynamic.write(out, value);
    }

    /** Reads one value written by {@link #write}. */
    public Object read(ByteBuf in) {
        return dynamic.read(in, 0);
    }

    /** Reads one value and checks it is a {@code type}. */
    public <T> T read(ByteBuf in, Class<T> type) {
        Object value = read(in);
        if (!type.isInstance(value)) {
            throw new CodecException("expected a " + type.getSimpleName() + ", got "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        return type.cast(value);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Building the codecs of types

    private interface ValueCodec {
        void write(ByteBuf out, Object value);

        Object read(ByteBuf in, int depth);

        /** A short description of the encoding, for the fingerprint. */
        String shape();
    }

    private synchronized ValueCodec codecFor(Type type, String where) {
        if (type instanceof Class<?> raw) {
            return codecForClass(raw, where);
        }
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] args = parameterized.getActualTypeArguments();
            if (raw == Optional.class) {
                return new OptionalCodec(codecFor(args[0], where + "<>"));
            }
            if (raw == List.class || raw == Collection.class) {
                return nullable(new CollectionCodec(codecFor(args[0], where + "[]"), Kind.LIST));
            }
            if (raw == Set.class) {
                return nullable(new CollectionCodec(codecFor(args[0], where + "[]"), Kind.SET));
            }
            if (raw == SortedSet.class || raw == TreeSet.class) {
                return nullable(new CollectionCodec(codecFor(args[0], where + "[]"), Kind.SORTED_SET));
            }
            if (raw == Map.class || raw == LinkedHashMap.class) {
                return nullable(
                        new MapCodec(codecFor(args[0], where + "{k}"), codecFor(args[1], where + "{v}"), false));
            }
            if (raw == SortedMap.class || raw == TreeMap.class) {
                return nullable(new MapCodec(codecFor(args[0], where + "{k}"), codecFor(args[1], where + "{v}"), true));
            }
            if (raw.isRecord() || raw.isSealed()) {
                return codecForClass(raw, where);
            }
            throw new IllegalArgumentException(where + ": type " + type.getTypeName() + " is not encodable");
        }
        if (type instanceof TypeVariable<?> || type instanceof WildcardType) {
            return dynamic;
        }
        if (type instanceof GenericArrayType) {
            throw new IllegalArgumentException(where + ": generic arrays are not encodable (use a List)");
        }
        throw new IllegalArgumentException(where + ": type " + type.getTypeName() + " is not encodable");
    }

    private ValueCodec codecForClass(Class<?> type, String where) {
        ValueCodec existing = byClass.get(type);
        if (existing != null) {
            return existing;
        }
        if (type.isPrimitive()) {
            return Primitive.of(type);
        }
        ValueCodec codec;
        if (type == Object.class) {
            return dynamic;
        } else if (type == String.class) {
            codec = nullable(Scalars.STRING);
        } else if (type == byte[].class) {
            codec = nullable(Scalars.BYTES);
        } else if (type == long[].class) {
            codec = nullable(Scalars.LONGS);
        } else if (type == int[].class) {
            codec = nullable(Scalars.INTS);
        } else if (type == NodeId.class) {
            codec = nullable(Scalars.NODE);
        } else if (type == VectorClock.class) {
            codec = nullable(Scalars.VECTOR);
        } else if (type == Long.class
                || type == Integer.class
                || type == Boolean.class
                || type == Double.class
                || type == Short.class
                || type == Byte.class
                || type == Character.class
                || type == Float.class) {
            codec = nullable(Primitive.of(unbox(type)));
        } else if (type.isEnum()) {
            codec = nullable(new EnumCodec(type));
        } else if (type.isRecord()) {
            RecordCodec record = new RecordCodec(type);
            codec = nullable(record);
            byClass.put(type, codec);
            record.resolve(this);
            return codec;
        } else if (type.isSealed()) {
            SealedCodec sealed = new SealedCodec(type);
            codec = nullable(sealed);
            byClass.put(type, codec);
            sealed.resolve(this);
            return codec;
        } else if (type == List.class || type == Collection.class) {
            return nullable(new CollectionCodec(dynamic, Kind.LIST));
        } else if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            return dynamic;
        } else {
            throw new IllegalArgumentException(where + ": type " + type.getName()
                    + " is not encodable (use records, enums, primitives, String, byte[], List, Map, Optional)");
        }
        byClass.put(type, codec);
        return codec;
    }

    private static Class<?> unbox(Class<?> boxed) {
        return java.lang.invoke.MethodType.methodType(boxed).unwrap().returnType();
    }

    private long computeFingerprint() {
        StringBuilder text = new StringBuilder("v").append(FORMAT_VERSION);
        for (Class<?> type : known) {
            text.append(';').append(type.getName()).append('=').append(shapeOf(type));
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        long hash = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    private String shapeOf(Class<?> type) {
        if (type.isEnum()) {
            StringBuilder names = new StringBuilder("enum(");
            for (Object constant : type.getEnumConstants()) {
                names.append(((Enum<?>) constant).name()).append(',');
            }
            return names.append(')').toString();
        }
        StringBuilder shape = new StringBuilder("record(");
        for (RecordComponent component : type.getRecordComponents()) {
            shape.append(component.getName())
                    .append(':')
                    .append(component.getGenericType().getTypeName())
                    .append(',');
        }
        return shape.append(')').toString();
    }

    private ValueCodec nullable(ValueCodec inner) {
        return new NullableCodec(inner);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Low-level reads with bounds checks

    static void need(ByteBuf in, int bytes, String what) {
        if (bytes < 0 || in.readableBytes() < bytes) {
            throw new CodecException(
                    "truncated frame: " + what + " needs " + bytes + " bytes, " + in.readableBytes() + " left");
        }
    }

    /** Unsigned LEB128. */
    public static void writeVarint(ByteBuf out, int value) {
        int v = value;
        while ((v & ~0x7f) != 0) {
            out.writeByte((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    public static int readVarint(ByteBuf in, String what) {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            need(in, 1, what);
            int b = in.readByte();
            result |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (result < 0) {
                    throw new CodecException("bad " + what + ": negative length " + result);
                }
                return result;
            }
        }
        throw new CodecException("bad " + what + ": varint longer than 5 bytes");
    }

    /** A count of elements, each at least {@code minBytes} long: bounded by what is left in the frame. */
    static int readCount(ByteBuf in, int minBytes, String what) {
        int count = readVarint(in, what + " length");
        if ((long) count * minBytes > in.readableBytes()) {
            throw new CodecException("truncated frame: " + what + " claims " + count + " elements, "
                    + in.readableBytes() + " bytes left");
        }
        return count;
    }

    static void writeString(ByteBuf out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writeVarint(out, bytes.length);
        out.writeBytes(bytes);
    }

    static String readString(ByteBuf in, String what) {
        int length = readCount(in, 1, what);
        String text = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return text;
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new CodecException("value nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The codecs

    private enum Primitive implements ValueCodec {
        BOOLEAN(boolean.class) {
            public void write(ByteBuf out, Object v) {
                out.writeBoolean((Boolean) v);
            }

            public Object read(ByteBuf in, int depth) {
                need(in, 1, "boolean");
                byte b = in.readByte();
                if (b != 0 && b != 1) {
                    throw new CodecException("bad boolean byte " + b);
                }
                return b == 1;
            }
        },
        BYTE(byte.class) {
            public void write(ByteBuf out, Object v) {
                out.writeByte((Byte) v);
            }

            public Object read(ByteBuf in, int depth) {
                need(in, 1, "byte");
                return in.readByte();
            }
        },
        SHORT(short.class) {
            public void write(ByteBuf out, Object v) {
                out.writeShort((Short) v);
            }

            public Object read(ByteBuf in, int depth) {
                need(in, 2, "short");
                return in.readShort();
            }
        },
        CHAR(char.class) {
            public void write(ByteBuf out, Object v) {
                out.writeChar((Character) v);
            }

            public Object read(ByteBuf in, int depth) {
                need(in, 2, "char");
                return in.readChar();
            }
        },
        INT(int.class) {
            public void write(ByteBuf out, Object v) {
                out.writeInt((Integer) v);
            }

            public Object read(ByteBuf in, int depth) {
                need(in, 4, "int");
                return in.readInt();
            }
        },
        LONG(long.class) {
            public void write(ByteBuf out, Object v) {
                out.writeLong((Long) v);
            }

            public Object read(ByteBuf in, int depth) {
                need(in, 8, "long");
                return in.readLong();
            }
        },
        FLOAT(float.class) {
            public void write(ByteBuf out, Object v) {
                out.writeFloat((Float) v);
            }

            public Object read(ByteBuf in, int depth) {
                need(in, 4, "float");
                return in.readFloat();
            }
        },
        DOUBLE(double.class) {
            public void write(ByteBuf out, Object v) {
                out.writeDouble((Double) v);
            }

            public Object read(ByteBuf in, int depth) {
                need(in, 8, "double");
                return in.readDouble();
            }
        };

        private final Class<?> type;

        Primitive(Class<?> type) {
            this.type = type;
        }

        static Primitive of(Class<?> type) {
            for (Primitive p : values()) {
                if (p.type == type) {
                    return p;
                }
            }
            throw new IllegalArgumentException("not a primitive: " + type);
        }

        @Override
        public String shape() {
            return type.getName();
        }
    }

    private enum Scalars implements ValueCodec {
        STRING {
            public void write(ByteBuf out, Object v) {
                writeString(out, (String) v);
            }

            public Object read(ByteBuf in, int depth) {
                return readString(in, "string");
            }
        },
        BYTES {
            public void write(ByteBuf out, Object v) {
                byte[] bytes = (byte[]) v;
                writeVarint(out, bytes.length);
                out.writeBytes(bytes);
            }

            public Object read(ByteBuf in, int depth) {
                byte[] bytes = new byte[readCount(in, 1, "byte array")];
                in.readBytes(bytes);
                return bytes;
            }
        },
        LONGS {
            public void write(ByteBuf out, Object v) {
                long[] values = (long[]) v;
                writeVarint(out, values.length);
                for (long value : values) {
                    out.writeLong(value);
                }
            }

            public Object read(ByteBuf in, int depth) {
                long[] values = new long[readCount(in, 8, "long array")];
                for (int i = 0; i < values.length; i++) {
                    values[i] = in.readLong();
                }
                return values;
            }
        },
        INTS {
            public void write(ByteBuf out, Object v) {
                int[] values = (int[]) v;
                writeVarint(out, values.length);
                for (int value : values) {
                    out.writeInt(value);
                }
            }

            public Object read(ByteBuf in, int depth) {
                int[] values = new int[readCount(in, 4, "int array")];
                for (int i = 0; i < values.length; i++) {
                    values[i] = in.readInt();
                }
                return values;
            }
        },
        NODE {
            public void write(ByteBuf out, Object v) {
                writeString(out, ((NodeId) v).name());
            }

            public Object read(ByteBuf in, int depth) {
                String name = readString(in, "node id");
                try {
                    return NodeId.of(name);
                } catch (IllegalArgumentException e) {
                    throw new CodecException("bad node id: " + e.getMessage());
                }
            }
        },
        VECTOR {
            public void write(ByteBuf out, Object v) {
                LONGS.write(out, ((VectorClock) v).toArray());
            }

            public Object read(ByteBuf in, int depth) {
                long[] entries = (long[]) LONGS.read(in, depth);
                try {
                    return VectorClock.of(entries);
                } catch (IllegalArgumentException e) {
                    throw new CodecException("bad vector clock: " + e.getMessage());
                }
            }
        };

        @Override
        public String shape() {
            return name();
        }
    }

    private static final class NullableCodec implements ValueCodec {
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
        public Object read(ByteBuf in, int depth) {
            need(in, 1, "presence byte");
            byte present = in.readByte();
            if (present == 0) {
                return null;
            }
            if (present != 1) {
                throw new CodecException("bad presence byte " + present);
            }
            return inner.read(in, depth);
        }

        @Override
        public String shape() {
            return "?" + inner.shape();
        }
    }

    private static final class OptionalCodec implements ValueCodec {
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
        public Object read(ByteBuf in, int depth) {
            need(in, 1, "optional");
            byte present = in.readByte();
            if (present == 0) {
                return Optional.empty();
            }
            if (present != 1) {
                throw new CodecException("bad optional byte " + present);
            }
            return Optional.ofNullable(inner.read(in, depth + 1));
        }

        @Override
        public String shape() {
            return "Optional";
        }
    }

    private enum Kind {
        LIST,
        SET,
        SORTED_SET
    }

    private static final class CollectionCodec implements ValueCodec {
        private final ValueCodec element;
        private final Kind kind;

        CollectionCodec(ValueCodec element, Kind kind) {
            this.element = element;
            this.kind = kind;
        }

        @Override
        public void write(ByteBuf out, Object value) {
            Collection<?> items = (Collection<?>) value;
            writeVarint(out, items.size());
            for (Object item : items) {
                element.write(out, item);
            }
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Object read(ByteBuf in, int depth) {
            checkDepth(depth);
            int count = readCount(in, 1, "collection");
            List<Object> items = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                items.add(element.read(in, depth + 1));
            }
            try {
                return switch (kind) {
                    case LIST -> java.util.Collections.unmodifiableList(items);
                    case SET -> java.util.Collections.unmodifiableSet(new LinkedHashSet<>(items));
                    case SORTED_SET -> new TreeSet(items);
                };
            } catch (ClassCastException | NullPointerException e) {
                throw new CodecException("bad sorted set: " + e.getMessage());
            }
        }

        @Override
        public String shape() {
            return kind.name();
        }
    }

    private static final class MapCodec implements ValueCodec {
        private final ValueCodec keys;
        private final ValueCodec values;
        private final boolean sorted;

        MapCodec(ValueCodec keys, ValueCodec values, boolean sorted) {
            this.keys = keys;
            this.values = values;
            this.sorted = sorted;
        }

        @Override
        public void write(ByteBuf out, Object value) {
            Map<?, ?> map = (Map<?, ?>) value;
            writeVarint(out, map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                keys.write(out, entry.getKey());
                values.write(out, entry.getValue());
            }
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Object read(ByteBuf in, int depth) {
            checkDepth(depth);
            int count = readCount(in, 2, "map");
            Map map = sorted ? new TreeMap<>() : new LinkedHashMap<>();
            try {
                for (int i = 0; i < count; i++) {
                    map.put(keys.read(in, depth + 1), values.read(in, depth + 1));
                }
            } catch (ClassCastException | NullPointerException e) {
                throw new CodecException("bad sorted map: " + e.getMessage());
            }
            return sorted ? map : java.util.Collections.unmodifiableMap(map);
        }

        @Override
        public String shape() {
            return sorted ? "SORTED_MAP" : "MAP";
        }
    }

    private static final class EnumCodec implements ValueCodec {
        private final Class<?> type;
        private final Map<String, Object> byName = new HashMap<>();

        EnumCodec(Class<?> type) {
            this.type = type;
            for (Object constant : type.getEnumConstants()) {
                byName.put(((Enum<?>) constant).name(), constant);
            }
        }

        @Override
        public void write(ByteBuf out, Object value) {
            writeString(out, ((Enum<?>) value).name());
        }

        @Override
        public Object read(ByteBuf in, int depth) {
            String name = readString(in, type.getSimpleName() + " name");
            Object constant = byName.get(name);
            if (constant == null) {
                throw new CodecException("unknown " + type.getSimpleName() + " constant '" + name + "'");
            }
            return constant;
        }

        @Override
        public String shape() {
            return "enum " + type.getName();
        }
    }

    private static final class RecordCodec implements ValueCodec {
        private final Class<?> type;
        private MethodHandle[] accessors;
        private ValueCodec[] components;
        private String[] names;
        private MethodHandle constructor;

        RecordCodec(Class<?> type) {
            this.type = type;
        }

        void resolve(LegacyWireCodec owner) {
            RecordComponent[] parts = type.getRecordComponents();
            accessors = new MethodHandle[parts.length];
            components = new ValueCodec[parts.length];
            names = new String[parts.length];
            Class<?>[] types = new Class<?>[parts.length];
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            try {
                for (int i = 0; i < parts.length; i++) {
                    names[i] = parts[i].getName();
                    types[i] = parts[i].getType();
                    java.lang.reflect.Method accessor = parts[i].getAccessor();
                    accessor.setAccessible(true);
                    accessors[i] = lookup.unreflect(accessor);
                    components[i] = owner.codecFor(parts[i].getGenericType(), type.getName() + "." + names[i]);
                }
                Constructor<?> canonical = type.getDeclaredConstructor(types);
                canonical.setAccessible(true);
                constructor = lookup.unreflectConstructor(canonical).asSpreader(Object[].class, parts.length);
            } catch (ReflectiveOperationException | RuntimeException e) {
                if (e instanceof IllegalArgumentException iae) {
                    throw iae;
                }
                throw new IllegalArgumentException("cannot encode record " + type.getName() + ": " + e, e);
            }
        }

        @Override
        public void write(ByteBuf out, Object value) {
            for (int i = 0; i < components.length; i++) {
                Object part;
                try {
                    part = accessors[i].invoke(value);
                } catch (Throwable e) {
                    throw new CodecException("cannot read " + type.getSimpleName() + "." + names[i] + ": " + e, e);
                }
                components[i].write(out, part);
            }
        }

        @Override
        public Object read(ByteBuf in, int depth) {
            checkDepth(depth);
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = components[i].read(in, depth + 1);
            }
            try {
                return constructor.invoke(values);
            } catch (RuntimeException e) {
                throw new CodecException("bad " + type.getSimpleName() + ": " + e.getMessage(), e);
            } catch (Throwable e) {
                throw new CodecException("cannot build " + type.getSimpleName() + ": " + e, e);
            }
        }

        @Override
        public String shape() {
            return "record " + type.getName();
        }
    }

    private static final class SealedCodec implements ValueCodec {
        private final Class<?> root;
        private List<Class<?>> leaves;
        private ValueCodec[] leafCodecs;
        private final Map<Class<?>, Integer> leafIndex = new HashMap<>();

        SealedCodec(Class<?> root) {
            this.root = root;
        }

        void resolve(LegacyWireCodec owner) {
            List<Class<?>> found = new ArrayList<>();
            collectLeaves(root, found);
            found.sort(Comparator.comparing(Class::getName));
            leaves = List.copyOf(found);
            leafCodecs = new ValueCodec[leaves.size()];
            for (int i = 0; i < leaves.size(); i++) {
                Class<?> leaf = leaves.get(i);
                leafIndex.put(leaf, i);
                if (!leaf.isRecord() && !leaf.isEnum()) {
                    throw new IllegalArgumentException(root.getName() + ": permitted class " + leaf.getName()
                            + " is neither a record nor an enum");
                }
                ValueCodec codec = owner.codecForClass(leaf, leaf.getName());
                leafCodecs[i] = ((NullableCodec) codec).inner;
            }
        }

        private static void collectLeaves(Class<?> type, List<Class<?>> into) {
            if (type.isSealed()) {
                for (Class<?> permitted : type.getPermittedSubclasses()) {
                    collectLeaves(permitted, into);
                }
            } else if (!into.contains(type)) {
                into.add(type);
            }
        }

        @Override
        public void write(ByteBuf out, Object value) {
            Class<?> type = value.getClass();
            Integer index = leafIndex.get(type);
            if (index == null && type.isAnonymousClass()) {
                index = leafIndex.get(type.getSuperclass());
            }
            if (index == null) {
                throw new CodecException(type.getName() + " is not a permitted " + root.getSimpleName());
            }
            writeVarint(out, index);
            leafCodecs[index].write(out, value);
        }

        @Override
        public Object read(ByteBuf in, int depth) {
            int index = readVarint(in, root.getSimpleName() + " tag");
            if (index >= leaves.size()) {
                throw new CodecException("unknown " + root.getSimpleName() + " tag " + index + " (known: 0.."
                        + (leaves.size() - 1) + ")");
            }
            return leafCodecs[index].read(in, depth + 1);
        }

        @Override
        public String shape() {
            return "sealed " + root.getName();
        }
    }

    /** Self-describing values, for open ({@code Object}) fields and top-level messages. */
    private final class DynamicCodec implements ValueCodec {

        @Override
        public void write(ByteBuf out, Object value) {
            switch (value) {
                case null -> out.writeByte(TAG_NULL);
                case String s -> {
                    out.writeByte(TAG_STRING);
                    writeString(out, s);
                }
                case byte[] bytes -> {
                    out.writeByte(TAG_BYTES);
                    Scalars.BYTES.write(out, bytes);
                }
                case Long l -> {
                    out.writeByte(TAG_LONG);
                    out.writeLong(l);
                }
                case Integer i -> {
                    out.writeByte(TAG_INT);
                    out.writeInt(i);
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
                    Scalars.NODE.write(out, node);
                }
                case VectorClock clock -> {
                    out.writeByte(TAG_VECTOR);
                    Scalars.VECTOR.write(out, clock);
                }
                case List<?> list -> {
                    out.writeByte(TAG_LIST);
                    writeVarint(out, list.size());
                    for (Object item : list) {
                        write(out, item);
                    }
                }
                default -> writeTyped(out, value);
            }
        }

        private void writeTyped(ByteBuf out, Object value) {
            Class<?> type = value.getClass();
            if (type.isAnonymousClass() && type.getSuperclass().isEnum()) {
                type = type.getSuperclass();
            }
            Integer index = knownIndex.get(type);
            if (index != null) {
                out.writeByte(TAG_KNOWN);
                writeVarint(out, index);
            } else {
                requireAllowed(type);
                out.writeByte(TAG_NAMED);
                writeString(out, type.getName());
            }
            ((NullableCodec) codecOf(type)).inner.write(out, value);
        }

        @Override
        public Object read(ByteBuf in, int depth) {
            checkDepth(depth);
            need(in, 1, "value tag");
            int tag = in.readByte();
            return switch (tag) {
                case TAG_NULL -> null;
                case TAG_STRING -> readString(in, "string");
                case TAG_BYTES -> Scalars.BYTES.read(in, depth);
                case TAG_LONG -> Primitive.LONG.read(in, depth);
                case TAG_INT -> Primitive.INT.read(in, depth);
                case TAG_BOOLEAN -> Primitive.BOOLEAN.read(in, depth);
                case TAG_DOUBLE -> Primitive.DOUBLE.read(in, depth);
                case TAG_NODE -> Scalars.NODE.read(in, depth);
                case TAG_VECTOR -> Scalars.VECTOR.read(in, depth);
                case TAG_LIST -> {
                    int count = readCount(in, 1, "list");
                    List<Object> items = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        items.add(read(in, depth + 1));
                    }
                    yield java.util.Collections.unmodifiableList(items);
                }
                case TAG_KNOWN -> {
                    int index = readVarint(in, "type index");
                    if (index >= known.size()) {
                        throw new CodecException(
                                "unknown type index " + index + " (this codec knows " + known.size() + " types)");
                    }
                    yield ((NullableCodec) codecOf(known.get(index))).inner.read(in, depth + 1);
                }
                case TAG_NAMED -> {
                    String name = readString(in, "type name");
                    Class<?> type = namedType(name);
                    yield ((NullableCodec) codecOf(type)).inner.read(in, depth + 1);
                }
                default -> throw new CodecException("unknown value tag " + tag);
            };
        }

        @Override
        public String shape() {
            return "dynamic";
        }
    }

    private ValueCodec codecOf(Class<?> type) {
        synchronized (this) {
            ValueCodec codec = byClass.get(type);
            if (codec == null) {
                codec = codecForClass(type, type.getName());
            }
            if (!(codec instanceof NullableCodec)) {
                throw new CodecException(type.getName() + " cannot be sent as an open value");
            }
            return codec;
        }
    }

    private void requireAllowed(Class<?> type) {
        if (!(type.isRecord() || type.isEnum())) {
            throw new CodecException("cannot encode a " + type.getName()
                    + ": only records, enums, primitives, strings, byte arrays and lists go on the wire");
        }
        if (allowedPackages.stream().noneMatch(prefix -> type.getName().startsWith(prefix))) {
            throw new CodecException("type " + type.getName() + " is outside the allowed packages " + allowedPackages);
        }
    }

    private Class<?> namedType(String name) {
        if (allowedPackages.stream().noneMatch(name::startsWith)) {
            throw new CodecException("type " + name + " is outside the allowed packages " + allowedPackages);
        }
        Class<?> type;
        try {
            type = Class.forName(name, false, LegacyWireCodec.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new CodecException("unknown type " + name);
        }
        if (!(type.isRecord() || type.isEnum())) {
            throw new CodecException("type " + name + " is neither a record nor an enum");
        }
        return type;
    }
}
