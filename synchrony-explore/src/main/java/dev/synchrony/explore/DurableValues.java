package dev.synchrony.explore;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one process has written to its stable storage, as a value: part of the explored state, so that two runs
 * that wrote different votes are different states, and kept across the process's crashes. Immutable; a handler's
 * writes make a new one ({@link ExploreStorage}).
 */
final class DurableValues {

    static final DurableValues EMPTY = new DurableValues(new TreeMap<>());

    private final SortedMap<String, byte[]> values;
    private final int hash;

    private DurableValues(TreeMap<String, byte[]> values) {
        this.values = Collections.unmodifiableSortedMap(values);
        int h = 1;
        for (Map.Entry<String, byte[]> entry : values.entrySet()) {
            h = 31 * h + entry.getKey().hashCode();
            h = 31 * h + Arrays.hashCode(entry.getValue());
        }
        this.hash = h;
    }

    byte[] get(String key) {
        byte[] value = values.get(key);
        return value == null ? null : value.clone();
    }

    /** These values with {@code key} set to {@code value}. */
    DurableValues with(String key, byte[] value) {
        TreeMap<String, byte[]> next = new TreeMap<>(values);
        next.put(key, value.clone());
        return new DurableValues(next);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof DurableValues that) || hash != that.hash || values.size() != that.values.size()) {
            return false;
        }
        for (Map.Entry<String, byte[]> entry : values.entrySet()) {
            if (!Arrays.equals(entry.getValue(), that.values.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        values.forEach((key, value) -> text.append(text.length() > 1 ? ", " : "")
                .append(key)
                .append('=')
                .append(new String(value, java.nio.charset.StandardCharsets.UTF_8)));
        return text.append('}').toString();
    }
}
