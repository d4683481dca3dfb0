package dev.synchrony.net.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@code locks:} section: which algorithm serves the locks (and on-demand elections) handed out by name,
 * {@code member.lock("orders/42")}, with no {@code services:} entry.
 *
 * <pre>
 * locks:
 *   algorithm: lease-lock                 # the default: partition- and pause-safe, with leases (docs/lease-lock.md)
 *   prefixes: {"legacy/": central-mutex}  # optional: names starting so use another algorithm (longest prefix wins)
 *   params: {grant-lease: 2s}             # optional: lease-lock's options, as for `synchrony simulate lease-lock`
 * </pre>
 *
 * @param algorithm the default for names no prefix matches: {@code lease-lock} or {@code central-mutex}
 * @param prefixes name prefix to algorithm
 * @param params lease-lock's options (checked against its catalog entry when the config is read)
 */
public record LocksConfig(String algorithm, Map<String, String> prefixes, Map<String, String> params) {

    public static final String LEASE_LOCK = "lease-lock";
    public static final String CENTRAL_MUTEX = "central-mutex";

    /**
     * The algorithms that can serve any number of locks by name in one hosted node: lease-lock (named locks under
     * one majority-elected leader) and central-mutex (core's NamedLocks: a coordinator per name by hash, no lease).
     */
    public static final List<String> ALGORITHMS = List.of(LEASE_LOCK, CENTRAL_MUTEX);

    /** Every name on lease-lock with its catalog defaults. */
    public static final LocksConfig DEFAULT = new LocksConfig(LEASE_LOCK, Map.of(), Map.of());

    public LocksConfig {
        Objects.requireNonNull(algorithm, "algorithm");
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("locks.algorithm: '" + algorithm + "' cannot serve locks by name (use "
                    + String.join(" or ", ALGORITHMS) + ")");
        }
        prefixes.forEach((prefix, chosen) -> {
            if (prefix.isEmpty()) {
                throw new IllegalArgumentException("locks.prefixes: an empty prefix (say locks.algorithm instead)");
            }
            if (!ALGORITHMS.contains(chosen)) {
                throw new IllegalArgumentException("locks.prefixes." + prefix + ": '" + chosen
                        + "' cannot serve locks by name (use " + String.join(" or ", ALGORITHMS) + ")");
            }
        });
        prefixes = Map.copyOf(prefixes);
        params = Map.copyOf(params);
    }

    /** The algorithm of the lock {@code name}: that of the longest prefix it starts with, else the default. */
    public String algorithmFor(String name) {
        String best = null;
        for (String prefix : prefixes.keySet()) {
            if (name.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? algorithm : prefixes.get(best);
    }

    /** Whether some name is served by {@code chosen}. */
    public boolean uses(String chosen) {
        return algorithm.equals(chosen) || prefixes.containsValue(chosen);
    }

    /** The prefixes in name order, for logs and YAML. */
    public Map<String, String> sortedPrefixes() {
        return new TreeMap<>(prefixes);
    }
}
