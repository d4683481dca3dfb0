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

    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;
    /**
     * The one-way latency the algorithms' automatic timeouts and the checks' timing bounds assume by default: far
     * above a loopback round trip, because on a loaded machine (and while a JVM warms up) a message can wait for a
     * scheduler slot for tens of milliseconds.
     */
    public static final long DEFAULT_LATENCY_MIN_NANOS = 1_000_000L;

    public static final long DEFAULT_LATENCY_MAX_NANOS = 50_000_000L;

    public ClusterConfig(
            String cluster,
            String secret,
            int maxFrameBytes,
            List<MemberConfig> members,
            String algorithm,
            Map<String, String> params,
            long seed,
            long durationNanos,
            List<ServiceConfig> services) {
        this(
                cluster,
                secret,
                maxFrameBytes,
                members,
                algorithm,
                params,
                seed,
                durationNanos,
                services,
                DEFAULT_LATENCY_MIN_NANOS,
                DEFAULT_LATENCY_MAX_NANOS);
    }

    /** A shared-secret cluster (the form the generated configs of this build use). */
    public ClusterConfig(
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
            long latencyMaxNanos) {
        this(
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
                Security.SHARED_SECRET);
    }
    /** A cluster without a {@code storage} setting: each member keeps its stable storage in {@code storage/ID}. */
    public ClusterConfig(
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
            Security security) {
        this(
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
                null);
    }

    /** A cluster without a {@code locks} section: locks by name run lease-lock ({@link LocksConfig#DEFAULT}). */
    public ClusterConfig(
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
            String storage) {
        this(
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
                LocksConfig.DEFAULT);
    }

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
     */
    public record MemberConfig(NodeId id, String host, int port, long priority) {}

    /** A hosted node of the Java API: {@code kind} is lock, election, total-order or causal. */
    public record ServiceConfig(String name, String kind, String algorithm, Map<String, String> params) {}

    /**
     * What the algorithms may assume of this cluster's network (their automatic timeouts derive from it): each
     * connection delivers in order, within the configured latency; clocks are the machines'.
     */
    public NetworkAssumptions assumedNetwork() {
        return NetworkAssumptions.reliable(latencyMaxNanos);
    }

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

    public List<NodeId> memberIds() {
        return members.stream().map(MemberConfig::id).toList();
    }

    public Optional<MemberConfig> member(NodeId id) {
        return members.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** The member named {@code id}, or an error naming the flag. */
    public MemberConfig requireMember(NodeId id) {
        return member(id)
                .orElseThrow(() -> new IllegalArgumentException("--id: " + id + " is not a member (members: "
                        + String.join(
                                ",", memberIds().stream().map(NodeId::name).toList()) + ")"));
    }

    public Optional<ServiceConfig> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public ClusterConfig withServices(List<ServiceConfig> newServices) {
        return new ClusterConfig(
                cluster,
                secret,
                maxFrameBytes,
                members,
                algorithm,
                params,
                seed,
                durationNanos,
                newServices,
                latencyMinNanos,
                latencyMaxNanos,
                security,
                storage,
                locks);
    }

    public ClusterConfig withSecurity(Security newSecurity) {
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
                newSecurity,
                storage,
                locks);
    }

    /** The same cluster with members' stable storage in {@code template} ({@code {id}} becomes the member's id). */
    public ClusterConfig withStorage(String template) {
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
                template,
                locks);
    }

    /** The same cluster with the locks by name served as {@code newLocks} says. */
    public ClusterConfig withLocks(LocksConfig newLocks) {
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
                newLocks);
    }

    /**
     * The directory of {@code id}'s stable storage: the {@code storage} template with {@code {id}} replaced (a
     * template without {@code {id}} gets the id appended, so members never share a directory), or
     * {@link #DEFAULT_STORAGE}.
     */
    public Path storageDirectory(NodeId id) {
        String template = storage == null ? DEFAULT_STORAGE : storage;
        if (!template.contains("{id}")) {
            return Path.of(template, id.name());
        }
        return Path.of(template.replace("{id}", id.name()));
    }

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

    /** Parses YAML text; {@code source} prefixes error messages; relative TLS paths are taken as they are. */
    public static ClusterConfig parse(String yaml, String source) {
        return parse(yaml, source, Path.of(""));
    }

    /** Parses YAML text; {@code source} prefixes error messages; relative TLS paths are resolved in {@code base}. */
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
        return new ClusterConfig(
                cluster,
                secret,
                maxFrame,
                members,
                algorithm,
                params,
                seed,
                duration,
                services,
                latencyMin,
                latencyMax,
                security,
                storage,
                locks);
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

    /** Writes this configuration as YAML (what {@code synchrony cluster} hands its members). */
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
}
