package dev.synchrony.net.codec;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.catalog.Catalog;
import dev.synchrony.catalog.Environment;
import dev.synchrony.catalog.NetworkAssumptions;
import dev.synchrony.catalog.ParamSpec;
import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.runtime.Protocols;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The protocols of every algorithm, taken from the one list of algorithms, the {@link Catalog}: each algorithm's
 * node is built as the network runtime builds it (default options, connections that may break, so the reliable
 * link wraps it where its policy says) and its codec made by {@link Protocols#codecFor}, as a member does; the
 * API's own locks by name are added. As a cross-check, {@link #messageRootsByNode} finds every concrete
 * {@link Node} class of synchrony-core by listing its classes, so a node class no protocol sends is noticed.
 */
final class AlgorithmProtocols {

    private AlgorithmProtocols() {}

    /** Each node class of core, by name, with its message root (generic nodes resolved to their raw root). */
    static Map<String, Class<?>> messageRootsByNode() {
        Map<String, Class<?>> roots = new TreeMap<>();
        for (Class<?> type : coreClasses()) {
            if (Node.class.isAssignableFrom(type) && !type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
                Class<?> root = Protocols.messageRoot(type);
                if (root != Object.class) {
                    roots.put(type.getName(), root);
                }
            }
        }
        return roots;
    }

    /**
     * Each catalog algorithm's codec, as a member of a cluster running it builds it, by algorithm name: with its
     * default options, and once more for each value of each of its choice options that builds another protocol
     * ({@code bank --ordering none} multicasts unordered), keyed {@code "bank --ordering none"}.
     */
    static Map<String, WireCodec> codecs() {
        Map<String, WireCodec> codecs = new TreeMap<>();
        for (Algorithm algorithm : Catalog.all()) {
            WireCodec defaults = codec(algorithm, Map.of());
            codecs.put(algorithm.name(), defaults);
            for (ParamSpec param : algorithm.params()) {
                for (String choice : param.choices()) {
                    WireCodec variant;
                    try {
                        variant = codec(algorithm, Map.of(param.name(), choice));
                    } catch (IllegalArgumentException refused) {
                        continue; // a value that needs other options set too
                    }
                    if (variant.fingerprint() != defaults.fingerprint()) {
                        codecs.put(algorithm.name() + " --" + param.name() + " " + choice, variant);
                    }
                }
            }
        }
        // Besides the catalog, the Java API hosts one protocol of its own on every member: the locks by name.
        codecs.put(
                dev.synchrony.api.SynchronyMember.NAMED_LOCKS,
                dev.synchrony.net.runtime.Protocols.codecFor(dev.synchrony.api.SynchronyMember.newNamedLocksNode()));
        return codecs;
    }

    private static WireCodec codec(Algorithm algorithm, Map<String, String> options) {
        List<NodeId> members = NodeId.range(algorithm.defaultNodes());
        Environment environment = new Environment(
                members,
                algorithm.resolve(options),
                1,
                NetworkAssumptions.reliable(10_000_000L).withReconnects(true),
                0,
                false);
        return Protocols.codecFor(algorithm.newNode(members.get(0), environment));
    }

    /** Every registered type of every algorithm's codec, with that codec: what a round trip must cover. */
    // A type registered by several algorithms is covered once per codec: their numberings differ.
    static List<Map.Entry<Class<?>, WireCodec>> everyMessageType() {
        List<Map.Entry<Class<?>, WireCodec>> all = new ArrayList<>();
        for (WireCodec codec : codecs().values()) {
            for (Class<?> type : codec.registeredTypes()) {
                all.add(Map.entry(type, codec));
            }
        }
        all.sort(Comparator.comparing(entry -> entry.getKey().getName()));
        return all;
    }

    private static List<Class<?>> coreClasses() {
        Path location;
        try {
            location = Path.of(Node.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate synchrony-core: " + e.getMessage(), e);
        }
        try {
            if (Files.isDirectory(location)) {
                return classesUnder(location);
            }
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                return classesUnder(jar.getPath("/"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list synchrony-core classes in " + location, e);
        }
    }

    private static List<Class<?>> classesUnder(Path root) throws IOException {
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String relative = root.relativize(file).toString().replace('\\', '/');
                if (relative.startsWith("META-INF") || relative.endsWith("module-info.class")) {
                    continue;
                }
                String name = relative.substring(0, relative.length() - ".class".length())
                        .replace('/', '.');
                try {
                    classes.add(Class.forName(name, false, Node.class.getClassLoader()));
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException("cannot load " + name + ": " + e, e);
                }
            }
        }
        return classes;
    }
}
