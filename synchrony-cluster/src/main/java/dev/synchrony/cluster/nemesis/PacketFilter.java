package dev.synchrony.cluster.nemesis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The nemesis's nftables rules inside the run's namespace: one table of its own ({@code inet synchrony_nemesis}),
 * a chain on the input hook (on loopback every packet passes it once), and the rules of the faults in force. Each
 * change rewrites the chain in one atomic {@code nft -f} transaction.
 */
final class PacketFilter {

    private static final String TABLE = "synchrony_nemesis";

    private final NetworkNamespace namespace;
    private final Map<Object, List<String>> active = new LinkedHashMap<>();

    PacketFilter(NetworkNamespace namespace) {
        this.namespace = namespace;
        namespace.runWithInput(
                "table inet " + TABLE + " {\n  chain input { type filter hook input priority 0; policy accept; }\n}\n",
                "nft",
                "-f",
                "-");
    }

    /** Drops every packet between an address of {@code side} and one of {@code rest}, both ways, until healed. */
    void cut(Object key, Set<String> side, Set<String> rest) {
        String a = set(side);
        String b = set(rest);
        active.put(
                key,
                List.of("ip saddr " + a + " ip daddr " + b + " drop", "ip saddr " + b + " ip daddr " + a + " drop"));
        apply();
    }

    /** Drops {@code percent}% of the TCP packets between members, drawn per packet by the kernel, until healed. */
    void lose(Object key, int percent) {
        active.put(key, List.of("meta l4proto tcp numgen random mod 100 < " + percent + " drop"));
        apply();
    }

    void heal(Object key) {
        if (active.remove(key) != null) {
            apply();
        }
    }

    private void apply() {
        StringBuilder script = new StringBuilder("flush chain inet " + TABLE + " input\n");
        active.values()
                .forEach(rules -> rules.forEach(rule -> script.append("add rule inet ")
                        .append(TABLE)
                        .append(" input ")
                        .append(rule)
                        .append('\n')));
        namespace.runWithInput(script.toString(), "nft", "-f", "-");
    }

    private static String set(Set<String> addresses) {
        return addresses.stream().sorted().collect(Collectors.joining(", ", "{ ", " }"));
    }
}
