package dev.synchrony.net.codec;

import dev.synchrony.core.Node;
import dev.synchrony.multicast.AccountUpdate;
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
 * The message roots of every algorithm, found where they are defined: every concrete {@link Node} class of
 * synchrony-core (a directory or a jar on the test class path), so an algorithm added later is covered without
 * editing a list here. Account updates travel inside multicast payloads ({@link Protocols#codecFor} adds them).
 */
final class AlgorithmProtocols {

    private AlgorithmProtocols() {
    }

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

    /** One codec per algorithm's message root, plus the account updates multicast as payloads. */
    static Map<String, WireCodec> codecs() {
        Map<String, WireCodec> codecs = new TreeMap<>();
        messageRootsByNode().forEach((node, root) -> codecs.put(node, WireCodec.of(root, AccountUpdate.class)));
        return codecs;
    }

    /** Every registered type of every algorithm's codec, with that codec: what a round trip must cover. */
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
            location = Path.of(Node.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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
                String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
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
