package dev.synchrony.net.codec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The record and enum types a codec may build, numbered by class name (so two members that register the same
 * roots number them alike), each with its codec. Filled once while the codec is built, read-only after: decoding
 * never adds to it, so a frame that fails leaves nothing behind.
 */
final class TypeRegistry {

    private List<Class<?>> types = List.of();
    private ValueCodec[] codecs = new ValueCodec[0];
    private Map<Class<?>, Integer> numbers = Map.of();

    /** Called once by {@link CodecBuilder}, before the codec is handed out. */
    void fill(List<Class<?>> sortedTypes, ValueCodec[] codecsByNumber) {
        if (!types.isEmpty()) {
            throw new IllegalStateException("registry already filled");
        }
        types = List.copyOf(sortedTypes);
        codecs = codecsByNumber.clone();
        Map<Class<?>, Integer> byType = new HashMap<>();
        for (int i = 0; i < types.size(); i++) {
            byType.put(types.get(i), i);
        }
        numbers = Map.copyOf(byType);
    }

    int size() {
        return types.size();
    }

    List<Class<?>> types() {
        return types;
    }

    ValueCodec codec(int number) {
        return codecs[number];
    }

    /** The number of a registered type; an unregistered one cannot be sent. */
    int numberOf(Class<?> type) {
        Integer number = numbers.get(type);
        if (number == null) {
            throw new CodecException(type.getName() + " is not registered with this codec: register its message"
                    + " root (a sealed interface or record) when building the codec");
        }
        return number;
    }
}
