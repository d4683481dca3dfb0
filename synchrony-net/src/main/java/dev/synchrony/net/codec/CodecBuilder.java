package dev.synchrony.net.codec;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Walks the message roots given to a {@link WireCodec}: each sealed interface through its permitted records and
 * enums, each record through its component types, and builds the codec of every type reached. Everything is
 * built here, before the codec is used; a type that cannot be encoded is named now, not when a frame arrives.
 */
final class CodecBuilder {

    private final TypeRegistry registry = new TypeRegistry();
    private final OpenValueCodec open = new OpenValueCodec(registry);
    private final Map<Class<?>, ValueCodec> built = new HashMap<>();
    private final Map<Class<?>, RecordCodec> records = new HashMap<>();
    private final Map<Class<?>, EnumCodec> enums = new HashMap<>();
    /** Collections to check once every record is complete (a record's size is known only then). */
    private final List<Runnable> sizeChecks = new ArrayList<>();

    TypeRegistry registry() {
        return registry;
    }

    ValueCodec open() {
        return open;
    }

    /** Walks every root, then numbers the records and enums reached by class name. */
    void build(List<Class<?>> roots) {
        for (Class<?> root : roots) {
            if (!(root.isRecord() || root.isEnum() || root.isSealed())) {
                throw new IllegalArgumentException(
                        "message root " + root.getName() + " is neither a record, an enum nor a sealed interface");
            }
            valueCodec(root, root.getName());
        }
        sizeChecks.forEach(Runnable::run);
        // Sizes computed now, while building, so that decoding only ever reads the codecs.
        records.values().forEach(RecordCodec::minBytes);
        List<Class<?>> types = new ArrayList<>(records.keySet());
        types.addAll(enums.keySet());
        types.sort(Comparator.comparing(Class::getName));
        ValueCodec[] codecs = new ValueCodec[types.size()];
        for (int i = 0; i < codecs.length; i++) {
            Class<?> type = types.get(i);
            codecs[i] = type.isEnum() ? enums.get(type) : records.get(type);
        }
        registry.fill(types, codecs);
    }

    /** The codec of a non-null value of {@code type}. */
    private ValueCodec valueCodec(Type type, String where) {
        if (type instanceof Class<?> raw) {
            return classCodec(raw, where);
        }
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] args = parameterized.getActualTypeArguments();
            if (raw == Optional.class) {
                return new OptionalCodec(valueCodec(args[0], where + "<>"));
            }
            if (raw == List.class || raw == Collection.class) {
                return collection(args[0], CollectionCodec.Kind.LIST, where);
            }
            if (raw == Set.class) {
                return collection(args[0], CollectionCodec.Kind.SET, where);
            }
            if (raw == SortedSet.class || raw == TreeSet.class) {
                return collection(args[0], CollectionCodec.Kind.SORTED_SET, where);
            }
            if (raw == Map.class || raw == LinkedHashMap.class) {
                return new MapCodec(
                        valueCodec(args[0], where + "{key}"), valueCodec(args[1], where + "{value}"), false);
            }
            if (raw == SortedMap.class || raw == TreeMap.class) {
                return new MapCodec(valueCodec(args[0], where + "{key}"), valueCodec(args[1], where + "{value}"), true);
            }
            if (raw.isRecord() || raw.isSealed()) {
                return classCodec(raw, where);
            }
            throw new IllegalArgumentException(where + ": type " + type.getTypeName() + " is not encodable");
        }
        if (type instanceof TypeVariable<?> || type instanceof WildcardType) {
            return open;
        }
        if (type instanceof GenericArrayType) {
            throw new IllegalArgumentException(where + ": generic arrays are not encodable (use a List)");
        }
        throw new IllegalArgumentException(where + ": type " + type.getTypeName() + " is not encodable");
    }

    private ValueCodec collection(Type element, CollectionCodec.Kind kind, String where) {
        ValueCodec codec = valueCodec(element, where + "[]");
        sizeChecks.add(() -> {
            if (codec.minBytes() == 0) {
                throw new IllegalArgumentException(where + ": a collection of " + element.getTypeName()
                        + " is not encodable: its elements take no bytes, so a count could not be checked");
            }
        });
        return new CollectionCodec(codec, kind, codec == open);
    }

    private ValueCodec classCodec(Class<?> type, String where) {
        ValueCodec existing = built.get(type);
        if (existing != null) {
            return existing;
        }
        PrimitiveCodec primitive = PrimitiveCodec.of(type);
        if (primitive != null) {
            return primitive;
        }
        ScalarCodec scalar = ScalarCodec.of(type);
        if (scalar != null) {
            return scalar;
        }
        if (type == Object.class) {
            return open;
        }
        if (type.isEnum()) {
            EnumCodec codec = new EnumCodec(type);
            enums.put(type, codec);
            built.put(type, codec);
            return codec;
        }
        if (type.isRecord()) {
            return record(type);
        }
        if (type.isSealed()) {
            return sealed(type);
        }
        if (type == List.class || type == Collection.class) {
            return new CollectionCodec(open, CollectionCodec.Kind.LIST, true);
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            return open;
        }
        throw new IllegalArgumentException(where + ": type " + type.getName()
                + " is not encodable (use records, enums, primitives, String, byte[], List, Map, Optional)");
    }

    private ValueCodec record(Class<?> type) {
        RecordComponent[] parts = type.getRecordComponents();
        ValueCodec[] components = new ValueCodec[parts.length];
        RecordCodec codec = new RecordCodec(type, components);
        // Registered before its components are walked, so a record that (indirectly) contains itself finds it.
        records.put(type, codec);
        built.put(type, codec);
        for (int i = 0; i < parts.length; i++) {
            String where = type.getName() + "." + parts[i].getName();
            ValueCodec value = valueCodec(parts[i].getGenericType(), where);
            boolean carriesNull = parts[i].getType().isPrimitive() || value == open;
            components[i] = carriesNull ? value : new NullableCodec(value);
        }
        return codec;
    }

    private ValueCodec sealed(Class<?> root) {
        List<Class<?>> leaves = new ArrayList<>();
        collectLeaves(root, leaves);
        leaves.sort(Comparator.comparing(Class::getName));
        ValueCodec[] leafCodecs = new ValueCodec[leaves.size()];
        SealedCodec codec = new SealedCodec(root, leaves, leafCodecs);
        built.put(root, codec);
        for (int i = 0; i < leaves.size(); i++) {
            Class<?> leaf = leaves.get(i);
            if (!leaf.isRecord() && !leaf.isEnum()) {
                throw new IllegalArgumentException(
                        root.getName() + ": permitted class " + leaf.getName() + " is neither a record nor an enum");
            }
            leafCodecs[i] = classCodec(leaf, leaf.getName());
        }
        return codec;
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

    /** The structure of every registered type, in number order: equal on members that can talk to each other. */
    String structure() {
        StringBuilder text = new StringBuilder();
        List<Class<?>> types = registry.types();
        for (int i = 0; i < types.size(); i++) {
            Class<?> type = types.get(i);
            text.append(i)
                    .append(':')
                    .append(type.getName())
                    .append('=')
                    .append(
                            type.isEnum()
                                    ? enums.get(type).shape()
                                    : records.get(type).structure())
                    .append(';');
        }
        return text.toString();
    }
}
