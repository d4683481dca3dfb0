package dev.synchrony.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The algorithm-specific options of one run, validated against the algorithm's {@link ParamSpec}s. Getters
 * fail with a message that names the option.
 */
public final class Params {

    private final Map<String, String> values;
    private final Map<String, String> explicit;

    private Params(Map<String, String> values, Map<String, String> explicit) {
        this.values = values;
        this.explicit = explicit;
    }

    public static Params empty() {
        return new Params(Map.of(), Map.of());
    }

    /**
     * @param given options as the user wrote them (name without dashes)
     * @throws IllegalArgumentException on an option the algorithm does not know or a value outside its choices
     */
    public static Params resolve(String algorithm, List<ParamSpec> specs, Map<String, String> given) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ParamSpec spec : specs) {
            values.put(spec.name(), spec.defaultValue());
        }
        Map<String, String> explicit = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : given.entrySet()) {
            ParamSpec spec = specs.stream()
                    .filter(s -> s.name().equals(entry.getKey()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--" + entry.getKey() + ": not an option of "
                            + algorithm
                            + (specs.isEmpty()
                                    ? " (it has none)"
                                    : " (its options: "
                                            + String.join(
                                                    ", ",
                                                    specs.stream()
                                                            .map(s -> "--" + s.name())
                                                            .toList()) + ")")));
            if (!spec.choices().isEmpty() && !spec.choices().contains(entry.getValue())) {
                throw new IllegalArgumentException("--" + spec.name() + ": '" + entry.getValue() + "' is not one of "
                        + String.join("|", spec.choices()));
            }
            values.put(entry.getKey(), entry.getValue());
            explicit.put(entry.getKey(), entry.getValue());
        }
        return new Params(Collections.unmodifiableMap(values), Collections.unmodifiableMap(explicit));
    }

    /** The options the user set, for the replay command. */
    public Map<String, String> explicit() {
        return explicit;
    }

    public Map<String, String> all() {
        return values;
    }

    public String string(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + ": no value and no default");
        }
        return value;
    }

    public int integer(String name) {
        try {
            return Integer.parseInt(string(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": '" + string(name) + "' is not an integer");
        }
    }

    public long longValue(String name) {
        try {
            return Long.parseLong(string(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": '" + string(name) + "' is not an integer");
        }
    }

    public double decimal(String name) {
        try {
            return Double.parseDouble(string(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": '" + string(name) + "' is not a number");
        }
    }

    /** A probability in [0, 1]. */
    public double probability(String name) {
        double p = decimal(name);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("--" + name + ": " + string(name) + " is not a probability in [0, 1]");
        }
        return p;
    }

    public boolean bool(String name) {
        return switch (string(name).trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default ->
                throw new IllegalArgumentException("--" + name + ": '" + string(name) + "' is not true or false");
        };
    }

    public long durationNanos(String name) {
        return Durations.parseNanos(string(name), "--" + name);
    }
}
