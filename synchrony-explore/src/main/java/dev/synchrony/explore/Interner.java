package dev.synchrony.explore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives each distinct value (by {@code equals}) a small int id, the first value seen getting 0. Global states
 * are arrays of these ids: a node state that a million global states share is stored once. Ids are handed out in
 * the order values are met, which a deterministic search makes the same from run to run.
 */
final class Interner<T> {

    private final Map<T, Integer> ids = new HashMap<>();
    private final List<T> values = new ArrayList<>();

    int intern(T value) {
        Integer id = ids.get(value);
        if (id != null) {
            return id;
        }
        int fresh = values.size();
        ids.put(value, fresh);
        values.add(value);
        return fresh;
    }

    T get(int id) {
        return values.get(id);
    }

    int size() {
        return values.size();
    }
}
