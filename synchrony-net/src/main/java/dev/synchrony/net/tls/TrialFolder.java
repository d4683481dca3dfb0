package dev.synchrony.net.tls;

import dev.synchrony.core.NodeId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * The folder of {@code tls: {generate: FOLDER}}: throwaway certificates that the first member to start creates,
 * so a trial cluster runs mutual TLS with no step before it. Members of one cluster usually start at the same
 * moment, each in its own process, and must all end up trusting one CA: whoever takes the folder's lock file
 * first writes the CA and every member's certificate, and the others, waiting on the lock, find them complete.
 * The lock is an operating-system file lock, so this holds across processes on one machine (not across
 * machines: copy the folder, or use {@code synchrony certs}, for members on several hosts).
 */
public final class TrialFolder {

    /** How long generated certificates are valid: long enough for any trial, short enough to be visibly temporary. */
    public static final Duration VALIDITY = Duration.ofDays(90);

    static final String LOCK_FILE = ".generating";

    /** Within one JVM a file lock cannot be taken twice (it throws): members in one JVM queue here first. */
    private static final Object IN_PROCESS = new Object();

    private TrialFolder() {}

    /**
     * Makes sure {@code folder} holds {@code ca.pem} and each member's {@code ID.pem} and {@code ID.key}, creating
     * all of them if {@code ca.pem} is missing. Returns true if this call created them. A folder whose CA exists
     * but lacks a member's files is refused (the throwaway CA's key is not kept, so none can be added).
     *
     * @param folder the trial folder ({@code tls.generate})
     * @param members every member of the cluster
     * @return true when this call created the files, false when they were there
     * @throws IllegalArgumentException when the folder's CA lacks a member's files, naming the missing file
     */
    public static boolean ensure(Path folder, List<NodeId> members) {
        synchronized (IN_PROCESS) {
            try {
                Files.createDirectories(folder);
                try (FileChannel lockFile = FileChannel.open(
                                folder.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock ignored = lockFile.lock()) {
                    if (!Files.exists(folder.resolve("ca.pem"))) {
                        write(folder, members);
                        return true;
                    }
                    for (NodeId member : members) {
                        for (String file : List.of(member.name() + ".pem", member.name() + ".key")) {
                            if (!Files.exists(folder.resolve(file))) {
                                throw new IllegalArgumentException("tls.generate: " + folder + " has a CA but no "
                                        + file + " (made for other members?): delete the folder to make new ones");
                            }
                        }
                    }
                    return false;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "tls.generate: cannot create certificates in " + folder + ": " + e.getMessage(), e);
            }
        }
    }

    private static void write(Path folder, List<NodeId> members) {
        try {
            TrialCertificates.write(folder, members, VALIDITY);
        } catch (NoClassDefFoundError e) {
            // BouncyCastle is an optional dependency of this module: an application that wants trial certificates
            // names it; without it, say so instead of failing with a stack trace.
            throw new IllegalArgumentException("tls.generate: making certificates needs org.bouncycastle:"
                    + "bcpkix-jdk18on on the class path (or make them with `synchrony certs` and name them in tls:)");
        }
    }
}
