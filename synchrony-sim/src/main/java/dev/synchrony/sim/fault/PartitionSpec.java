package dev.synchrony.sim.fault;

import dev.synchrony.catalog.Durations;
import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A network partition: while it lasts, messages between different groups are lost (checked when a message would
 * arrive, so messages in flight when it opens are lost too). Nodes named in no group form one more group.
 * Written {@code n1,n2|n3,n4@2s..5s}; without {@code @} it lasts the whole run; with one group, that group is
 * cut from the rest.
 */
public record PartitionSpec(List<Set<NodeId>> groups, long fromNanos, long untilNanos) {

    public PartitionSpec {
        groups = groups.stream().map(Set::copyOf).toList();
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("--partition: name at least one group of nodes");
        }
        if (untilNanos < fromNanos) {
            throw new IllegalArgumentException("--partition: it heals before it opens");
        }
    }

    public boolean activeAt(long nanos) {
        return nanos >= fromNanos && nanos < untilNanos;
    }

    /** Whether the partition separates {@code a} from {@code b}. */
    public boolean separates(NodeId a, NodeId b) {
        return groupOf(a) != groupOf(b);
    }

    private int groupOf(NodeId node) {
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).contains(node)) {
                return i;
            }
        }
        return -1;
    }

    public static PartitionSpec parse(String text) {
        String groupsText = text;
        long from = 0;
        long until = Long.MAX_VALUE;
        int at = text.indexOf('@');
        if (at >= 0) {
            groupsText = text.substring(0, at);
            long[] window = parseWindow(text.substring(at + 1), "--partition " + text);
            from = window[0];
            until = window[1];
        }
        List<Set<NodeId>> groups = new ArrayList<>();
        for (String group : groupsText.split("\\|")) {
            Set<NodeId> members = new LinkedHashSet<>();
            for (String name : group.split(",")) {
                if (!name.isBlank()) {
                    members.add(parseNode(name.trim(), "--partition " + text));
                }
            }
            if (members.isEmpty()) {
                throw new IllegalArgumentException("--partition " + text + ": empty group");
            }
            groups.add(members);
        }
        return new PartitionSpec(groups, from, until);
    }

    /** {@code T} (from T on) or {@code T1..T2}. */
    static long[] parseWindow(String text, String what) {
        int dots = text.indexOf("..");
        if (dots < 0) {
            return new long[] {Durations.parseNanos(text, what), Long.MAX_VALUE};
        }
        return new long[] {
            Durations.parseNanos(text.substring(0, dots), what), Durations.parseNanos(text.substring(dots + 2), what)
        };
    }

    static NodeId parseNode(String name, String what) {
        try {
            return NodeId.of(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage());
        }
    }

    public String format() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < groups.size(); i++) {
            if (i > 0) {
                text.append('|');
            }
            text.append(String.join(
                    ",", groups.get(i).stream().sorted().map(NodeId::name).toList()));
        }
        if (fromNanos != 0 || untilNanos != Long.MAX_VALUE) {
            text.append('@').append(Durations.format(fromNanos));
            if (untilNanos != Long.MAX_VALUE) {
                text.append("..").append(Durations.format(untilNanos));
            }
        }
        return text.toString();
    }
}
