package dev.synchrony.net.codec;

import dev.synchrony.clocks.VectorClock;
import dev.synchrony.core.NodeId;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
 * Builds a value of any encodable type by walking its record components, so tests can cover every message type
 * without a hand-written example per type. {@code variant} varies the values (numbers, names, which leaf of a
 * sealed interface, whether an open payload is bytes or text); a record whose constructor refuses one variant is
 * tried with the next.
 */
final class SampleValues {

    private static final int VARIANTS = 6;
    private static final int MAX_DEPTH = 4;

    private SampleValues() {}

    /** A value of the record or enum {@code type}. */
    static Object of(Class<?> type, int variant) {
        return value(type, variant, 0);
    }

    private static Object value(Type type, int variant, int depth) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] args = parameterized.getActualTypeArguments();
            if (raw == Optional.class) {
                return depth > MAX_DEPTH || variant % 3 == 2
                        ? Optional.empty()
                        : Optional.of(value(args[0], variant, depth + 1));
            }
            if (raw == List.class || raw == java.util.Collection.class) {
                return depth > MAX_DEPTH
                        ? List.of()
                        : List.of(value(args[0], variant, depth + 1), value(args[0], variant + 1, depth + 1));
            }
            if (raw == Set.class) {
                return depth > MAX_DEPTH ? Set.of() : new LinkedHashSet<>(distinct(args[0], variant, depth));
            }
            if (raw == SortedSet.class || raw == TreeSet.class) {
                return depth > MAX_DEPTH ? new TreeSet<>() : new TreeSet<>(distinct(args[0], variant, depth));
            }
            if (raw == Map.class || raw == LinkedHashMap.class || raw == SortedMap.class || raw == TreeMap.class) {
                Map<Object, Object> map =
                        raw == Map.class || raw == LinkedHashMap.class ? new LinkedHashMap<>() : new TreeMap<>();
                if (depth <= MAX_DEPTH) {
                    for (Object key : distinct(args[0], variant, depth)) {
                        map.put(key, value(args[1], variant, depth + 1));
                    }
                }
                return map;
            }
            return value(raw, variant, depth);
        }
        if (!(type instanceof Class<?> raw)) {
            return payload(variant);
        }
        if (raw == long.class || raw == Long.class) {
            return 41L + variant;
        }
        if (raw == int.class || raw == Integer.class) {
            return 3 + variant;
        }
        if (raw == short.class || raw == Short.class) {
            return (short) (2 + variant);
        }
        if (raw == byte.class || raw == Byte.class) {
            return (byte) (1 + variant);
        }
        if (raw == char.class || raw == Character.class) {
            return (char) ('a' + variant);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return variant % 2 == 0;
        }
        if (raw == double.class || raw == Double.class) {
            return 0.5 + variant;
        }
        if (raw == float.class || raw == Float.class) {
            return 0.25f + variant;
        }
        if (raw == String.class) {
            return "m" + variant;
        }
        if (raw == byte[].class) {
            return filled(64, variant);
        }
        if (raw == long[].class) {
            return new long[] {variant, variant + 1L};
        }
        if (raw == int[].class) {
            return new int[] {variant, variant + 1};
        }
        if (raw == NodeId.class) {
            return NodeId.of("n" + (1 + variant % 5));
        }
        if (raw == VectorClock.class) {
            return VectorClock.of(1, 2 + variant, 0);
        }
        if (raw == Object.class) {
            return payload(variant);
        }
        if (raw.isEnum()) {
            Object[] constants = raw.getEnumConstants();
            return constants[variant % constants.length];
        }
        if (raw.isSealed()) {
            List<Class<?>> leaves = leaves(raw);
            return value(leaves.get(variant % leaves.size()), variant, depth + 1);
        }
        if (raw.isRecord()) {
            return record(raw, variant, depth);
        }
        if (raw == List.class) {
            return List.of(payload(variant));
        }
        throw new IllegalArgumentException("no sample for " + raw.getName());
    }

    /** An open payload: 64 bytes, as the total-order benchmark sends, or text. */
    private static Object payload(int variant) {
        return variant % 2 == 0 ? filled(64, variant) : "payload-" + variant;
    }

    private static byte[] filled(int length, int variant) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) variant);
        return bytes;
    }

    private static List<Object> distinct(Type element, int variant, int depth) {
        List<Object> items = new ArrayList<>();
        for (int v = variant; v < variant + VARIANTS && items.size() < 2; v++) {
            Object item = value(element, v, depth + 1);
            if (!items.contains(item)) {
                items.add(item);
            }
        }
        return items;
    }

    private static Object record(Class<?> type, int variant, int depth) {
        RecordComponent[] parts = type.getRecordComponents();
        Class<?>[] types = Arrays.stream(parts).map(RecordComponent::getType).toArray(Class<?>[]::new);
        RuntimeException refused = null;
        for (int v = variant; v < variant + VARIANTS; v++) {
            Object[] values = new Object[parts.length];
            for (int i = 0; i < parts.length; i++) {
                values[i] = value(parts[i].getGenericType(), v + i, depth + 1);
            }
            try {
                Constructor<?> canonical = type.getDeclaredConstructor(types);
                canonical.setAccessible(true);
                return canonical.newInstance(values);
            } catch (InvocationTargetException e) {
                refused = new IllegalArgumentException(
                        type.getName() + " refused " + Arrays.toString(values) + ": " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot build " + type.getName() + ": " + e, e);
            }
        }
        throw refused;
    }

    private static List<Class<?>> leaves(Class<?> sealed) {
        List<Class<?>> leaves = new ArrayList<>();
        for (Class<?> permitted : sealed.getPermittedSubclasses()) {
            if (permitted.isSealed()) {
                leaves.addAll(leaves(permitted));
            } else {
                leaves.add(permitted);
            }
        }
        leaves.sort(Comparator.comparing(Class::getName));
        return leaves;
    }
}
