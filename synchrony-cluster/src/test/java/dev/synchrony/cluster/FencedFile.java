package dev.synchrony.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file shared by processes that only accepts an append whose fencing token is not older than the newest token
 * in the file (the check and the append under an OS file lock): the cross-process cousin of
 * {@link dev.synchrony.api.FencedResource}. Lines are "TOKEN TEXT".
 */
final class FencedFile {

    private final Path file;

    FencedFile(Path file) {
        this.file = file;
    }

    /** Appends, or returns false (and writes nothing) when {@code token} is stale. */
    boolean append(long token, String text) throws IOException {
        try (FileChannel channel = FileChannel.open(
                        file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            long newest = Long.MIN_VALUE;
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    newest = Math.max(newest, Long.parseLong(line.substring(0, line.indexOf(' '))));
                }
            }
            if (token < newest) {
                return false;
            }
            channel.position(channel.size());
            channel.write(ByteBuffer.wrap((token + " " + text + "\n").getBytes(StandardCharsets.UTF_8)));
            return true;
        }
    }
}
