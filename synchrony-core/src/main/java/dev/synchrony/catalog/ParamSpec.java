package dev.synchrony.catalog;

import java.util.List;

/**
 * An algorithm-specific option of {@code synchrony simulate ALGORITHM --NAME VALUE}.
 *
 * @param choices the allowed values, or empty when any value of the right type goes
 */
public record ParamSpec(String name, String defaultValue, String description, List<String> choices) {

    public ParamSpec {
        choices = List.copyOf(choices);
    }

    public static ParamSpec of(String name, String defaultValue, String description) {
        return new ParamSpec(name, defaultValue, description, List.of());
    }

    public static ParamSpec choice(String name, String defaultValue, String description, String... choices) {
        return new ParamSpec(name, defaultValue, description, List.of(choices));
    }
}
