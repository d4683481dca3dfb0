package dev.synchrony.net.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.synchrony.catalog.NetworkAssumptions;
import dev.synchrony.core.NodeId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A cluster's configuration: who the members are, how they prove who they are (certificates, or a shared
 * secret), and the algorithm settings. Read from YAML:
 *
 * <pre>
 * cluster: demo                  # name; members of another cluster are refused
 * security: tls                  # mutual TLS 1.3 (see {@link Security}); or shared-secret
 * tls: {ca: certs/ca.pem, cert: "certs/{id}.pem", key: "certs/{id}.key"}   # relative to this file
 *                                # (or, for trials, tls: {generate: certs}: throwaway ones made on first start)
 * secret: 7f3c...                # with security: shared-secret: the HMAC handshake's secret (16+ characters)
 * maxFrameBytes: 1048576         # optional; a larger frame closes the connection
 * algorithm: ricart-agrawala     # what `synchrony node` runs
 * params: {rate: "2"}            # that algorithm's options, as for `synchrony simulate`
 * seed: 1                        # optional; seeds every member's randomness (and the shared workload plan)
 * latency: 1ms..50ms             # optional; the one-way latency automatic timeouts and timing checks assume
 * duration: 10s                  # optional; how long `synchrony node` runs (default: until stopped)
 * members:
 *   - {id: n1, host: 127.0.0.1, port: 7101, priority: 1}
 *   - {id: n2, host: 127.0.0.1, port: 7102}          # priority defaults to the number in the id
 * storage: "data/{id}"          # optional; each member's stable storage directory (default storage/{id})
 * locks: {algorithm: lease-lock, prefixes: {"legacy/": central-mutex}}   # optional; see {@link LocksConfig}
 * services:                      # optional, for the Java API: one hosted node each
 *   - {name: orders, kind: lock, algorithm: central-mutex}
 * </pre>
 *
 * Without {@code security}, a {@code tls} block means TLS (the default); shared-secret must be asked for by
 * name, so a {@code secret} alone, like a config with neither, is refused in one line. Every error names the field:
 * {@code cluster.yaml: members[1].port: 70000 is out of range (1..65535)}.
 *
 * @param cluster the cluster's name; members of another cluster are refused
 * @param secret the shared secret of the HMAC handshake (16 characters or more), or null under mutual TLS
 * @param maxFrameBytes the longest frame accepted once a peer is authenticated, length prefix included
 * @param members every member: id, address and priority, in the order all members share
 * @param algorithm the algorithm {@code synchrony node} runs (a catalog name), or null
 * @param params that algorithm's options by name, as for {@code synchrony simulate}
 * @param seed what every member's randomness (and a shared workload plan) is seeded from
 * @param durationNanos how long {@code synchrony node} runs, 0 for until stopped
 * @param services the hosted nodes of the Java API, one per service
 * @param latencyMinNanos the least one-way latency the algorithms' automatic timeouts assume
 * @param latencyMaxNanos the worst one-way latency the algorithms' automatic timeouts and the checks assume
 * @param security how members prove who they are: mutual TLS or the shared secret
 * @param storage the template of each member's stable storage directory ({@code {id}} is replaced), or null for {@link #DEFAULT_STORAGE}
 * @param locks which algorithm serves the locks and elections made by name ({@link LocksConfig})
 */
public record ClusterConfig(
        String cluster,
        String secret,
        int maxFrameBytes,
        List<MemberConfig> members,
        String algorithm,
        Map<String, String> params,
        long seed,
        long durationNanos,
        List<ServiceConfig> services,
        long latencyMinNanos,
        long latencyMaxNanos,
        Security security,
        String storage,
        LocksConfig locks) {

    /** The longest frame accepted by default: 1 MiB, far above any message of the algorithms here. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;
    /**
     * The one-way latency the algorithms' automatic timeouts and the checks' timing bounds assume by default: far
     * above a loopback round trip, because on a loaded machine (and while a JVM warms up) a message can wait for a
     * scheduler slot for tens of milliseconds.
     */
    public static final long DEFAULT_LATENCY_MIN_NANOS = 1_000_000L;

    /** The worst one-way latency assumed by default (see {@link #DEFAULT_LATENCY_MIN_NANOS}). */
    public static final long DEFAULT_LATENCY_MAX_NANOS = 50_000_000L;

    /** Where members keep their stable storage when the config does not say: {@code storage/ID} under the working directory. */
    public static final String DEFAULT_STORAGE = "storage/{id}";

    private static final Set<String> TOP_FIELDS = Set.of(
            "cluster",
            "secret",
            "maxFrameBytes",
            "members",
            "algorithm",
            "params",
            "seed",
            "duration",
            "services",
            "latency",
            "security",
            "tls",
            "storage",
            "locks");

    /**
     * One member: where it listens, and its priority (by default the number in its id, which is what the election
     * algorithms order processes by).
     *
     * @param id the member's id
     * @param host the address it listens on and peers connect to
     * @param port its port
     * @param priority its rank in elections (higher wins the bully election)
     */
    public record MemberConfig(NodeId id, String host, int port, long priority) {}

    /**
     * A hosted node of the Java API: {@code kind} is lock, election, total-order or causal.
     *
     * @param name the service's name, which the application asks the member for
     * @param kind what the service offers: lock, election, total-order or causal
     * @param algorithm the catalog name of the algorithm that implements it
     * @param params that algorithm's options by name
     */
    public record ServiceConfig(String name, String kind, String algorithm, Map<String, String> params) {}

    /**
     * What the algorithms may assume of this cluster's network (their automatic timeouts derive from it): each
     * connection delivers in order, within the configured latency; clocks are the machines'.
     *
     * @return the assumptions the catalog builds this cluster's nodes for
     */
    public NetworkAssumptions assumedNetwork() {
        return NetworkAssumptions.reliable(latencyMaxNanos);
    }

    /**
     * Checks that a shared-secret cluster has its secret, and copies the lists and map.
     *
     * @throws IllegalArgumentException when security is shared-secret and the secret is missing
     */
    public ClusterConfig {
        java.util.Objects.requireNonNull(security, "security");
        java.util.Objects.requireNonNull(locks, "locks");
        if (security.mode() == Security.Mode.SHARED_SECRET && secret == null) {
            throw new IllegalArgumentException("secret: missing (security: shared-secret needs one)");
        }
        members = List.copyOf(members);
        params = Map.copyOf(params);
        services = List.copyOf(services);
    }

    /**
     * A configuration of {@code members} in the cluster {@code cluster}, every other setting at its default: frames
     * up to {@link #DEFAULT_MAX_FRAME_BYTES}, no algorithm and no option, seed 1, run until stopped, no service,
     * latency {@link #DEFAULT_LATENCY_MIN_NANOS}..{@link #DEFAULT_LATENCY_MAX_NANOS}, storage in
     * {@link #DEFAULT_STORAGE}, locks by {@link LocksConfig#DEFAULT}. The {@code with...} methods change the rest (a
     * file is read by {@link #load}).
     *
     * @param cluster the cluster's name; members of another cluster are refused
     * @param members every member: id, address and priority, in the order all members share
     * @param security how members prove who they are: mutual TLS or the shared secret
     * @param secret the shared secret of the HMAC handshake (16 characters or more), or null under mutual TLS
     * @return the configuration
     * @throws IllegalArgumentException when security is shared-secret and the secret is missing
     */
    public static ClusterConfig of(String cluster, List<MemberConfig> members, Security security, String secret) {
        return new Draft(cluster, members, security, secret).build();
    }

    /**
     * The members' ids, for code that needs no addresses.
     *
     * @return the ids in the members' order
     */
    public List<NodeId> memberIds() {
        return members.stream().map(MemberConfig::id).toList();
    }

    /**
     * Looks up a member.
     *
     * @param id the member's id
     * @return its entry, or empty when {@code id} is not a member
     */
    public Optional<MemberConfig> member(NodeId id) {
        return members.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /**
     * The member named {@code id}, or an error naming the flag.
     *
     * @param id the member's id
     * @return its entry
     * @throws IllegalArgumentException when it is not a member, listing the members
     */
    public MemberConfig requireMember(NodeId id) {
        return member(id)
                .orElseThrow(() -> new IllegalArgumentException("--id: " + id + " is not a member (members: "
                        + String.join(
                                ",", memberIds().stream().map(NodeId::name).toList()) + ")"));
    }

    /**
     * Looks up a service of the Java API.
     *
     * @param name the service's name
     * @return its entry, or empty when the config names no such service
     */
    public Optional<ServiceConfig> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The same cluster with another limit on frames.
     *
     * @param newMaxFrameBytes the longest frame accepted once a peer is authenticated, length prefix included
     * @return the new configuration
     */
    public ClusterConfig withMaxFrameBytes(int newMaxFrameBytes) {
        return change(draft -> draft.maxFrameBytes = newMaxFrameBytes);
    }

    /**
     * The same cluster running another algorithm under {@code synchrony node}.
     *
     * @param newAlgorithm a catalog name, or null
     * @return the new configuration
     */
    public ClusterConfig withAlgorithm(String newAlgorithm) {
        return change(draft -> draft.algorithm = newAlgorithm);
    }

    /**
     * The same cluster with other options for its algorithm.
     *
     * @param newParams the options by name, as for {@code synchrony simulate}, replacing the config's
     * @return the new configuration
     */
    public ClusterConfig withParams(Map<String, String> newParams) {
        return change(draft -> draft.params = newParams);
    }

    /**
     * The same cluster with another seed.
     *
     * @param newSeed what every member's randomness (and a shared workload plan) is seeded from
     * @return the new configuration
     */
    public ClusterConfig withSeed(long newSeed) {
        return change(draft -> draft.seed = newSeed);
    }

    /**
     * The same cluster running {@code synchrony node} for another time.
     *
     * @param newDurationNanos how long it runs, 0 for until stopped
     * @return the new configuration
     */
    public ClusterConfig withDuration(long newDurationNanos) {
        return change(draft -> draft.durationNanos = newDurationNanos);
    }

    /**
     * The same cluster assuming other one-way latencies (the algorithms' automatic timeouts and the checks).
     *
     * @param minNanos the least one-way latency assumed
     * @param maxNanos the worst one-way latency assumed
     * @return the new configuration
     */
    public ClusterConfig withLatency(long minNanos, long maxNanos) {
        return change(draft -> {
            draft.latencyMinNanos = minNanos;
            draft.latencyMaxNanos = maxNanos;
        });
    }

    /**
     * The same cluster with other services (an application that declares its own).
     *
     * @param newServices the services, replacing the config's
     * @return the new configuration
     */
    public ClusterConfig withServices(List<ServiceConfig> newServices) {
        return change(draft -> draft.services = newServices);
    }

    /**
     * The same cluster with another way of proving membership (tests and generated configs switch it).
     *
     * @param newSecurity the security settings, replacing the config's
     * @return the new configuration
     */
    public ClusterConfig withSecurity(Security newSecurity) {
        return change(draft -> draft.security = newSecurity);
    }

    /**
     * The same cluster with members' stable storage in {@code template} ({@code {id}} becomes the member's id).
     *
     * @param template the directory template, relative to the working directory unless absolute
     * @return the new configuration
     */
    public ClusterConfig withStorage(String template) {
        return change(draft -> draft.storage = template);
    }

    /**
     * The same cluster with the locks by name served as {@code newLocks} says.
     *
     * @param newLocks the {@code locks} settings, replacing the config's
     * @return the new configuration
     */
    public ClusterConfig withLocks(LocksConfig newLocks) {
        return change(draft -> draft.locks = newLocks);
    }

    // Every with... method goes through a mutable draft, so the full argument list is written once (Draft#build).
    private ClusterConfig change(java.util.function.Consumer<Draft> edit) {
        Draft draft = new Draft(this);
        edit.accept(draft);
        return draft.build();
    }

    /**
     * The directory of {@code id}'s stable storage: the {@code storage} template with {@code {id}} replaced (a
     * template without {@code {id}} gets the id appended, so members never share a directory), or
     * {@link #DEFAULT_STORAGE}.
     *
     * @param id the member's id
     * @return its storage directory (not created here)
     */
    public Path storageDirectory(NodeId id) {
        String template = storage == null ? DEFAULT_STORAGE : storage;
        if (!template.contains("{id}")) {
            return Path.of(template, id.name());
        }
        return Path.of(template.replace("{id}", id.name()));
    }

    /**
     * Reads a cluster config file; relative paths in it (TLS files, storage) are taken from its directory.
     *
     * @param file the YAML file
     * @return the configuration
     * @throws IllegalArgumentException when the file cannot be read or is invalid, in one line naming the field
     */
    public static ClusterConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--config " + file + ": cannot read it: " + ConfigFileErrors.reason(e));
        }
        Path directory = file.toAbsolutePath().getParent();
        return parse(text, file.getFileName().toString(), directory == null ? Path.of("") : directory);
    }

    /**
     * Parses YAML text; {@code source} prefixes error messages; relative TLS paths are taken as they are.
     *
     * @param yaml the configuration's text
     * @param source what to call it in error messages (a file name)
     * @return the configuration
     * @throws IllegalArgumentException when the text is invalid, in one line naming the field
     */
    public static ClusterConfig parse(String yaml, String source) {
        return parse(yaml, source, Path.of(""));
    }

    /**
     * Parses YAML text; {@code source} prefixes error messages; relative TLS paths are resolved in {@code base}.
     *
     * @param yaml the configuration's text
     * @param source what to call it in error messages (a file name)
     * @param base the directory relative TLS paths are resolved in
     * @return the configuration
     * @throws IllegalArgumentException when the text is invalid, in one line naming the field
     */
    public static ClusterConfig parse(String yaml, String source, Path base) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(ConfigFileErrors.yaml(source, e));
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": cannot read it: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": expected a mapping with 'members' and 'security'");
        }
        Fields top = new Fields(source, "", root);
        top.rejectUnknown(TOP_FIELDS);
        String cluster = top.optionalString("cluster", "synchrony");
        Security security = security(top, root, base);
        String secret = null;
        if (security.mode() == Security.Mode.SHARED_SECRET || root.hasNonNull("secret")) {
            secret = top.requiredString("secret");
            if (secret.length() < 16) {
                throw top.error("secret", "must be at least 16 characters");
            }
        }
        int maxFrame = (int) top.optionalLong("maxFrameBytes", DEFAULT_MAX_FRAME_BYTES, 64, 64L << 20);
        JsonNode membersNode = top.required("members");
        if (!membersNode.isArray() || membersNode.isEmpty()) {
            throw top.error("members", "must be a non-empty list");
        }
        List<MemberConfig> members = new ArrayList<>();
        for (int i = 0; i < membersNode.size(); i++) {
            Fields member = new Fields(source, "members[" + i + "].", membersNode.get(i));
            if (!membersNode.get(i).isObject()) {
                throw new IllegalArgumentException(source + ": members[" + i + "]: expected {id, host, port}");
            }
            member.rejectUnknown(Set.of("id", "host", "port", "priority"));
            NodeId id;
            try {
                id = NodeId.of(member.requiredString("id"));
            } catch (IllegalArgumentException e) {
                throw member.error("id", e.getMessage());
            }
            for (MemberConfig earlier : members) {
                if (earlier.id().equals(id)) {
                    throw member.error("id", id + " appears twice");
                }
            }
            String host = member.requiredString("host");
            int port = (int) member.requiredLong("port", 1, 65535);
            long priority = member.optionalLong("priority", Math.max(id.number(), 0), Long.MIN_VALUE, Long.MAX_VALUE);
            members.add(new MemberConfig(id, host, port, priority));
        }
        String algorithm = top.optionalString("algorithm", null);
        Map<String, String> params = top.stringMap("params");
        long seed = top.optionalLong("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        long duration = 0;
        if (root.has("duration")) {
            try {
                duration = dev.synchrony.catalog.Durations.parseNanos(top.requiredString("duration"), "duration");
            } catch (IllegalArgumentException e) {
                throw top.error("duration", e.getMessage());
            }
        }
        List<ServiceConfig> services = new ArrayList<>();
        JsonNode servicesNode = root.get("services");
        if (servicesNode != null && !servicesNode.isNull()) {
            if (!servicesNode.isArray()) {
                throw top.error("services", "must be a list");
            }
            for (int i = 0; i < servicesNode.size(); i++) {
                Fields service = new Fields(source, "services[" + i + "].", servicesNode.get(i));
                service.rejectUnknown(Set.of("name", "kind", "algorithm", "params"));
                String name = service.requiredString("name");
                String kind = service.requiredString("kind");
                if (!List.of("lock", "election", "total-order", "causal").contains(kind)) {
                    throw service.error("kind", "'" + kind + "' is not one of lock, election, total-order, causal");
                }
                if (services.stream().anyMatch(s -> s.name().equals(name))) {
                    throw service.error("name", "'" + name + "' appears twice");
                }
                services.add(new ServiceConfig(
                        name, kind, service.requiredString("algorithm"), service.stringMap("params")));
            }
        }
        long latencyMin = DEFAULT_LATENCY_MIN_NANOS;
        long latencyMax = DEFAULT_LATENCY_MAX_NANOS;
        if (root.hasNonNull("latency")) {
            String text = top.requiredString("latency");
            String[] parts = text.split("\\.\\.");
            try {
                latencyMin = dev.synchrony.catalog.Durations.parseNanos(parts[0], "latency");
                latencyMax =
                        parts.length > 1 ? dev.synchrony.catalog.Durations.parseNanos(parts[1], "latency") : latencyMin;
            } catch (IllegalArgumentException e) {
                throw top.error("latency", "'" + text + "' is not MIN..MAX (e.g. 1ms..50ms)");
            }
            if (parts.length > 2 || latencyMax < latencyMin) {
                throw top.error("latency", "'" + text + "' is not MIN..MAX with MIN <= MAX");
            }
        }
        String storage = null;
        if (root.hasNonNull("storage")) {
            String text = top.requiredString("storage");
            // Relative to the config file, like the TLS paths; {id} is substituted per member.
            storage = base.resolve(text).toString();
        }
        LocksConfig locks = locks(top, root);
        return of(cluster, members, security, secret)
                .withMaxFrameBytes(maxFrame)
                .withAlgorithm(algorithm)
                .withParams(params)
                .withSeed(seed)
                .withDuration(duration)
                .withServices(services)
                .withLatency(latencyMin, latencyMax)
                .withStorage(storage)
                .withLocks(locks);
    }

    private static LocksConfig locks(Fields top, JsonNode root) {
        if (!root.hasNonNull("locks")) {
            return LocksConfig.DEFAULT;
        }
        JsonNode node = root.get("locks");
        if (!node.isObject()) {
            throw top.error("locks", "expected {algorithm, prefixes, params}");
        }
        Fields locks = new Fields(top.source(), "locks.", node);
        locks.rejectUnknown(Set.of("algorithm", "prefixes", "params"));
        String algorithm = locks.optionalString("algorithm", LocksConfig.LEASE_LOCK);
        Map<String, String> prefixes = locks.stringMap("prefixes");
        Map<String, String> params = locks.stringMap("params");
        try {
            LocksConfig config = new LocksConfig(algorithm, prefixes, params);
            // The options are lease-lock's: checked now, so a typo stops the member before it joins.
            java.util.Map<String, String> checked = new java.util.LinkedHashMap<>(params);
            checked.putIfAbsent("rho", "0.0001");
            dev.synchrony.catalog.MutexEntries.leaseSettings(new dev.synchrony.catalog.Environment(
                    List.of(NodeId.of("n1")),
                    dev.synchrony.catalog.Catalog.require(LocksConfig.LEASE_LOCK)
                            .resolve(checked),
                    1,
                    NetworkAssumptions.reliable(1),
                    0,
                    false));
            return config;
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new IllegalArgumentException(top.source() + ": "
                    + (message.startsWith("locks.") ? message : "locks.params: " + message.replaceFirst("^--", "")));
        }
    }

    private static Security security(Fields top, JsonNode root, Path base) {
        String mode = top.optionalString("security", null);
        if (mode == null) {
            if (!root.hasNonNull("tls")) {
                // TLS is the default, but a config must not slide into frames travelling unprotected silently: a
                // secret alone (the form of earlier builds) is refused rather than read as shared-secret.
                throw top.error(
                        "security",
                        "say `tls` (with a tls: section, e.g. tls: {generate: certs} for trials)"
                                + " or `shared-secret` explicitly; "
                                + (root.hasNonNull("secret")
                                        ? "a secret alone no longer means shared-secret"
                                        : "neither is given"));
            }
            mode = Security.Mode.TLS.yaml();
        }
        if (mode.equals(Security.Mode.SHARED_SECRET.yaml())) {
            if (root.hasNonNull("tls")) {
                throw top.error("tls", "given with security: shared-secret (say security: tls to use it)");
            }
            return Security.SHARED_SECRET;
        }
        if (!mode.equals(Security.Mode.TLS.yaml())) {
            throw top.error("security", "'" + mode + "' is not tls or shared-secret");
        }
        JsonNode tlsNode = top.required("tls");
        if (!tlsNode.isObject()) {
            throw top.error("tls", "expected {ca, cert, key} or {generate: FOLDER}");
        }
        Fields tls = new Fields(top.source(), "tls.", tlsNode);
        if (tlsNode.has("generate")) {
            tls.rejectUnknown(Set.of("generate"));
            return Security.trial(base.resolve(tls.requiredString("generate")));
        }
        tls.rejectUnknown(Set.of("ca", "cert", "key"));
        return Security.tls(
                base.resolve(tls.requiredString("ca")),
                base.resolve(tls.requiredString("cert")).toString(),
                base.resolve(tls.requiredString("key")).toString());
    }

    /**
     * Writes this configuration as YAML (what {@code synchrony cluster} hands its members).
     *
     * @return YAML text that {@link #parse} reads back to an equal configuration
     */
    public String toYaml() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectNode root = yaml.createObjectNode();
        root.put("cluster", cluster);
        root.put("security", security.mode().yaml());
        if (security.mode() == Security.Mode.TLS && security.generate() != null) {
            root.putObject("tls").put("generate", security.generate().toString());
        } else if (security.mode() == Security.Mode.TLS) {
            ObjectNode tls = root.putObject("tls");
            tls.put("ca", security.ca().toString());
            tls.put("cert", security.cert());
            tls.put("key", security.key());
        }
        if (secret != null) {
            root.put("secret", secret);
        }
        root.put("maxFrameBytes", maxFrameBytes);
        if (storage != null) {
            root.put("storage", storage);
        }
        if (algorithm != null) {
            root.put("algorithm", algorithm);
        }
        ObjectNode paramsNode = root.putObject("params");
        params.forEach(paramsNode::put);
        root.put("seed", seed);
        root.put(
                "latency",
                dev.synchrony.catalog.Durations.format(latencyMinNanos) + ".."
                        + dev.synchrony.catalog.Durations.format(latencyMaxNanos));
        if (durationNanos > 0) {
            root.put("duration", dev.synchrony.catalog.Durations.format(durationNanos));
        }
        var membersNode = root.putArray("members");
        for (MemberConfig member : members) {
            ObjectNode m = membersNode.addObject();
            m.put("id", member.id().name());
            m.put("host", member.host());
            m.put("port", member.port());
            m.put("priority", member.priority());
        }
        if (!locks.equals(LocksConfig.DEFAULT)) {
            ObjectNode locksNode = root.putObject("locks");
            locksNode.put("algorithm", locks.algorithm());
            ObjectNode prefixesNode = locksNode.putObject("prefixes");
            locks.sortedPrefixes().forEach(prefixesNode::put);
            ObjectNode lockParams = locksNode.putObject("params");
            new java.util.TreeMap<>(locks.params()).forEach(lockParams::put);
        }
        if (!services.isEmpty()) {
            var servicesNode = root.putArray("services");
            for (ServiceConfig service : services) {
                ObjectNode s = servicesNode.addObject();
                s.put("name", service.name());
                s.put("kind", service.kind());
                s.put("algorithm", service.algorithm());
                ObjectNode p = s.putObject("params");
                service.params().forEach(p::put);
            }
        }
        try {
            return yaml.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Field access with errors that name the field. */
    private record Fields(String source, String prefix, JsonNode node) {

        IllegalArgumentException error(String field, String problem) {
            return new IllegalArgumentException(source + ": " + prefix + field + ": " + problem);
        }

        void rejectUnknown(Set<String> known) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!known.contains(name)) {
                    throw error(
                            name,
                            "unknown field (known: "
                                    + String.join(", ", known.stream().sorted().toList()) + ")");
                }
            }
        }

        JsonNode required(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                throw error(field, "missing");
            }
            return value;
        }

        String requiredString(String field) {
            JsonNode value = required(field);
            if (!value.isValueNode() || value.asText().isBlank()) {
                throw error(field, "must be a non-empty text");
            }
            return value.asText();
        }

        String optionalString(String field, String fallback) {
            return node.hasNonNull(field) ? requiredString(field) : fallback;
        }

        long requiredLong(String field, long min, long max) {
            JsonNode value = required(field);
            long number;
            if (value.isIntegralNumber()) {
                number = value.asLong();
            } else {
                try {
                    number = Long.parseLong(value.asText().trim());
                } catch (NumberFormatException e) {
                    throw error(field, "'" + value.asText() + "' is not an integer");
                }
            }
            if (number < min || number > max) {
                throw error(field, number + " is out of range (" + min + ".." + max + ")");
            }
            return number;
        }

        long optionalLong(String field, long fallback, long min, long max) {
            return node.hasNonNull(field) ? requiredLong(field, min, max) : fallback;
        }

        Map<String, String> stringMap(String field) {
            JsonNode value = node.get(field);
            Map<String, String> map = new LinkedHashMap<>();
            if (value == null || value.isNull()) {
                return map;
            }
            if (!value.isObject()) {
                throw error(field, "must be a mapping of option: value");
            }
            value.fields().forEachRemaining(entry -> {
                if (!entry.getValue().isValueNode()) {
                    throw error(field + "." + entry.getKey(), "must be a single value");
                }
                map.put(entry.getKey(), entry.getValue().asText());
            });
            return map;
        }
    }

    /** A configuration being changed: the defaults, or a configuration's values, until {@link #build()}. */
    private static final class Draft {
        private String cluster;
        private List<MemberConfig> members;
        private String secret;
        private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
        private String algorithm;
        private Map<String, String> params = Map.of();
        private long seed = 1;
        private long durationNanos;
        private List<ServiceConfig> services = List.of();
        private long latencyMinNanos = DEFAULT_LATENCY_MIN_NANOS;
        private long latencyMaxNanos = DEFAULT_LATENCY_MAX_NANOS;
        private Security security;
        private String storage;
        private LocksConfig locks = LocksConfig.DEFAULT;

        private Draft(String cluster, List<MemberConfig> members, Security security, String secret) {
            this.cluster = cluster;
            this.members = members;
            this.security = security;
            this.secret = secret;
        }

        private Draft(ClusterConfig config) {
            cluster = config.cluster;
            members = config.members;
            secret = config.secret;
            maxFrameBytes = config.maxFrameBytes;
            algorithm = config.algorithm;
            params = config.params;
            seed = config.seed;
            durationNanos = config.durationNanos;
            services = config.services;
            latencyMinNanos = config.latencyMinNanos;
            latencyMaxNanos = config.latencyMaxNanos;
            security = config.security;
            storage = config.storage;
            locks = config.locks;
        }

        /** The configuration; the record's constructor checks it. */
        private ClusterConfig build() {
            return new ClusterConfig(
                    cluster,
                    secret,
                    maxFrameBytes,
                    members,
                    algorithm,
                    params,
                    seed,
                    durationNanos,
                    services,
                    latencyMinNanos,
                    latencyMaxNanos,
                    security,
                    storage,
                    locks);
        }
    }
}
