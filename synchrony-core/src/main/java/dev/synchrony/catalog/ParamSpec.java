package dev.synchrony.catalog;

import java.util.List;

/**
 * An algorithm-specific option of {@code synchrony simulate ALGORITHM --NAME VALUE}.
 *
 * @param name the option's name, without dashes
 * @param defaultValue its value when not given
 * @param description one line for {@code synchrony list}
 * @param choices the allowed values, or empty when any value of the right type goes
 */
public record ParamSpec(String name, String defaultValue, String description, List<String> choices) {

    /** Copies the choices. */
    public ParamSpec {
        choices = List.copyOf(choices);
    }

    /**
     * An option that takes any value of its type.
     *
     * @param name the option's name, without dashes
     * @param defaultValue its value when not given
     * @param description one line for {@code synchrony list}
     * @return the specification
     */
    public static ParamSpec of(String name, String defaultValue, String description) {
        return new ParamSpec(name, defaultValue, description, List.of());
    }

    /**
     * An option that takes one of a few words.
     *
     * @param name the option's name, without dashes
     * @param defaultValue its value when not given, one of the choices
     * @param description one line for {@code synchrony list}
     * @param choices the allowed words
     * @return the specification
     */
    public static ParamSpec choice(String name, String defaultValue, String description, String... choices) {
        return new ParamSpec(name, defaultValue, description, List.of(choices));
    }
}
