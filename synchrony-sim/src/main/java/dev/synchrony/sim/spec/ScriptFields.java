package dev.synchrony.sim.spec;

import dev.synchrony.core.NodeId;
import dev.synchrony.sim.RunSetup;
import java.util.Map;

/** Reads the fields of a scripted command, with errors that name the field. */
public final class ScriptFields {

    private final Map<String, Object> fields;
    private final RunSetup setup;

    public ScriptFields(Map<String, Object> fields, RunSetup setup) {
        this.fields = fields;
        this.setup = setup;
    }

    /** The command's kind: the {@code do} field. */
    public String action() {
        return string("do");
    }

    public String string(String name) {
        Object value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing field '" + name + "' in " + fields);
        }
        return value.toString();
    }

    public String string(String name, String fallback) {
        Object value = fields.get(name);
        return value == null ? fallback : value.toString();
    }

    public long integer(String name) {
        Object value = fields.get(name);
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(string(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + name + "': '" + value + "' is not an integer");
        }
    }

    public double decimal(String name) {
        Object value = fields.get(name);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        try {
            return Double.parseDouble(string(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field '" + name + "': '" + value + "' is not a number");
        }
    }

    public boolean has(String name) {
        return fields.containsKey(name);
    }

    /** A process named in the field, which must be a member of the run. */
    public NodeId member(String name) {
        return setup.member(string(name), "field '" + name + "'");
    }

    public IllegalArgumentException unknownAction(String... known) {
        return new IllegalArgumentException(
                "unknown action do: " + fields.get("do") + " (known: " + String.join(", ", known) + ")");
    }
}
