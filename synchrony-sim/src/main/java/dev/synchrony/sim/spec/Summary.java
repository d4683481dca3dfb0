package dev.synchrony.sim.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an algorithm adds to a run's summary: lines for people, values for summary.json. */
public final class Summary {

    private final List<String> lines = new ArrayList<>();
    private final Map<String, Object> values = new LinkedHashMap<>();

    public Summary line(String text) {
        lines.add(text);
        return this;
    }

    /** A value for summary.json: a number, string, boolean, list or map of those. */
    public Summary value(String key, Object value) {
        values.put(key, value);
        return this;
    }

    public List<String> lines() {
        return Collections.unmodifiableList(lines);
    }

    public Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }
}
