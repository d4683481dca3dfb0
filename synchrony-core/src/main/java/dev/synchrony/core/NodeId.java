package dev.synchrony.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The name of a process. Processes are called {@code n1}..{@code nN} unless a script names them as a textbook
 * figure does ({@code P1}, {@code 0}..{@code 7}). The trailing number of the name is the process's default
 * priority and orders ids; ids without a number sort after numbered ones, by name.
 */
public record NodeId(String name) implements Comparable<NodeId> {

    public NodeId {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
            throw new IllegalArgumentException("bad process name '" + name + "': use letters, digits, '-' or '_'");
        }
    }

    public static NodeId of(String name) {
        return new NodeId(name);
    }

    /** {@code n1}..{@code n<count>}. */
    public static List<NodeId> range(int count) {
        List<NodeId> ids = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            ids.add(new NodeId("n" + i));
        }
        return List.copyOf(ids);
    }

    /** The number the name ends with, or -1 when it ends with none. */
    public long number() {
        int start = name.length();
        while (start > 0 && Character.isDigit(name.charAt(start - 1))) {
            start--;
        }
        if (start == name.length() || name.length() - start > 18) {
            return -1;
        }
        // Digit by digit rather than parseLong(substring): every TreeMap lookup by id compares through here, on
        // the runtime's send and receive paths, and the substring was 6% of the bytes a loopback run allocated.
        long value = 0;
        for (int i = start; i < name.length(); i++) {
            value = value * 10 + Character.digit(name.charAt(i), 10);
        }
        return value;
    }

    @Override
    public int compareTo(NodeId other) {
        long mine = number();
        long theirs = other.number();
        if (mine >= 0 && theirs >= 0 && mine != theirs) {
            return Long.compare(mine, theirs);
        }
        if ((mine >= 0) != (theirs >= 0)) {
            return mine >= 0 ? -1 : 1;
        }
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
