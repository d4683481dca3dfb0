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

    /**
     * No options at all (for algorithms that have none, and tests).
     *
     * @return the empty set of options
     */
    public static Params empty() {
        return new Params(Map.of(), Map.of());
    }

    /**
     * The options as the user gave them, checked against the algorithm's specifications and completed with
     * their defaults.
     *
     * @param algorithm the algorithm's name, for error messages
     * @param specs its options' specifications
     * @param given options as the user wrote them (name without dashes)
     * @return every option with its value
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

    /**
     * The options the user set, for the replay command.
     *
     * @return those options by name, in the order given
     */
    public Map<String, String> explicit() {
        return explicit;
    }

    /**
     * Every option with its value, defaults included.
     *
     * @return the values by name
     */
    public Map<String, String> all() {
        return values;
    }

    /**
     * An option's value as text.
     *
     * @param name the option's name, without dashes
     * @return its value
     * @throws IllegalArgumentException when it has neither a value nor a default
     */
    public String string(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + ": no value and no default");
        }
        return value;
    }

    /**
     * An option's value as an int.
     *
     * @param name the option's name, without dashes
     * @return its value
     * @throws IllegalArgumentException when it is not an integer, naming the option
     */
    public int integer(String name) {
        try {
            return Integer.parseInt(string(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": '" + string(name) + "' is not an integer");
        }
    }

    /**
     * An option's value as a long.
     *
     * @param name the option's name, without dashes
     * @return its value
     * @throws IllegalArgumentException when it is not an integer, naming the option
     */
    public long longValue(String name) {
        try {
            return Long.parseLong(string(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": '" + string(name) + "' is not an integer");
        }
    }

    /**
     * An option's value as a number.
     *
     * @param name the option's name, without dashes
     * @return its value
     * @throws IllegalArgumentException when it is not a number, naming the option
     */
    public double decimal(String name) {
        try {
            return Double.parseDouble(string(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": '" + string(name) + "' is not a number");
        }
    }

    /**
     * A probability in [0, 1].
     *
     * @param name the option's name, without dashes
     * @return its value
     * @throws IllegalArgumentException when it is not a number in [0, 1], naming the option
     */
    public double probability(String name) {
        double p = decimal(name);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("--" + name + ": " + string(name) + " is not a probability in [0, 1]");
        }
        return p;
    }

    /**
     * An option's value as a yes or no (true/false, yes/no, on/off, 1/0).
     *
     * @param name the option's name, without dashes
     * @return its value
     * @throws IllegalArgumentException when it is none of those words, naming the option
     */
    public boolean bool(String name) {
        return switch (string(name).trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default ->
                throw new IllegalArgumentException("--" + name + ": '" + string(name) + "' is not true or false");
        };
    }

    /**
     * An option's value as a duration ({@code 500ms}, {@code 2s}; see {@link Durations#parseNanos}).
     *
     * @param name the option's name, without dashes
     * @return its value in nanoseconds
     * @throws IllegalArgumentException when it is not a duration, naming the option
     */
    public long durationNanos(String name) {
        return Durations.parseNanos(string(name), "--" + name);
    }
}
