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

    /** The catalog name of the lease lock, the default. */
    public static final String LEASE_LOCK = "lease-lock";
    /** The catalog name of the centralized mutex (a coordinator per name, no lease). */
    public static final String CENTRAL_MUTEX = "central-mutex";

    /**
     * The algorithms that can serve any number of locks by name in one hosted node: lease-lock (named locks under
     * one majority-elected leader) and central-mutex (core's NamedLocks: a coordinator per name by hash, no lease).
     */
    public static final List<String> ALGORITHMS = List.of(LEASE_LOCK, CENTRAL_MUTEX);

    /** Every name on lease-lock with its catalog defaults. */
    public static final LocksConfig DEFAULT = new LocksConfig(LEASE_LOCK, Map.of(), Map.of());

    /**
     * Checks that every algorithm named can serve locks by name, and copies the maps.
     *
     * @throws IllegalArgumentException naming the field whose algorithm cannot, or an empty prefix
     */
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

    /**
     * The algorithm of the lock {@code name}: that of the longest prefix it starts with, else the default.
     *
     * @param name a lock's name
     * @return the catalog name of the algorithm that serves it
     */
    public String algorithmFor(String name) {
        String best = null;
        for (String prefix : prefixes.keySet()) {
            if (name.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? algorithm : prefixes.get(best);
    }

    /**
     * Whether some name is served by {@code chosen}.
     *
     * @param chosen an algorithm's catalog name
     * @return true when it is the default or some prefix's algorithm
     */
    public boolean uses(String chosen) {
        return algorithm.equals(chosen) || prefixes.containsValue(chosen);
    }

    /**
     * The prefixes in name order, for logs and YAML.
     *
     * @return prefix to algorithm, sorted by prefix
     */
    public Map<String, String> sortedPrefixes() {
        return new TreeMap<>(prefixes);
    }
}
