package dev.synchrony.net.storage;

import dev.synchrony.core.StableStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Stable storage in a directory of the member's disk: one file per key. A write goes to a temporary file, is
 * forced to the device ({@code FileChannel.force(true)}), renamed atomically over the key's file, and the directory
 * is forced too (so the rename itself survives a power cut); only then does {@link #write} return, which is what
 * {@link StableStorage} promises. A crash during a write leaves the old file (the rename did not happen) or the new
 * one (it did), never a mixture.
 *
 * <p>Each file holds a magic number, the key, the value's length, the value and a CRC32C of all that: a file that
 * was cut short or damaged on the disk (or by hand) is refused with an error naming it, never read as a value.
 * Leftover temporary files of an interrupted write are ignored, and removed when the storage is opened.
 */
public final class FileStableStorage implements StableStorage {

    /** "SYN1": marks a file of this format (and its version). */
    static final int MAGIC = 0x53594E31;

    static final String SUFFIX = ".val";
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path directory;
    private long writes;

    /**
     * Opens (creating if needed) the storage kept in {@code directory}; a write cut short by a crash (a
     * temporary file left behind) is removed, so the key keeps its old value.
     *
     * @param directory where the values are kept, one file per key
     * @throws UncheckedIOException when the directory cannot be created or read, naming it
     */
    public FileStableStorage(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
        try {
            Files.createDirectories(this.directory);
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(this.directory, "*" + TEMP_SUFFIX)) {
                for (Path leftover : leftovers) {
                    Files.deleteIfExists(leftover);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "stable storage: cannot open directory " + this.directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where the values are kept.
     *
     * @return the directory, absolute
     */
    public Path directory() {
        return directory;
    }

    /**
     * The file that holds {@code key}'s value (for tests and operators that inspect it).
     *
     * @param key the key
     * @return its file, which exists once a write of the key returned
     */
    public Path fileOf(String key) {
        return directory.resolve(FileNames.encode(key) + SUFFIX);
    }

    @Override
    public synchronized void write(String key, byte[] value) {
        if (key == null || value == null) {
            throw new IllegalArgumentException("stable storage needs a key and a value, got key " + key);
        }
        Path target = fileOf(key);
        Path temp = directory.resolve(target.getFileName() + TEMP_SUFFIX);
        ByteBuffer record = encode(key, value);
        try {
            try (FileChannel channel = FileChannel.open(
                    temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                while (record.hasRemaining()) {
                    channel.write(record);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + directory + " cannot rename atomically", e);
            }
            forceDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("stable storage: cannot write " + target + ": " + e.getMessage(), e);
        }
        writes++;
    }

    @Override
    public synchronized Optional<byte[]> read(String key) {
        Objects.requireNonNull(key, "key");
        Path file = fileOf(key);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("stable storage: cannot read " + file + ": " + e.getMessage(), e);
        }
        return Optional.of(decode(file, key, bytes));
    }

    /**
     * How many writes completed (each one a flush of a file and of the directory).
     *
     * @return the writes since this storage was opened
     */
    public synchronized long writes() {
        return writes;
    }

    private void forceDirectory() throws IOException {
        // Linux lets a directory be opened for reading and forced; that makes the rename durable.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    static ByteBuffer encode(String key, byte[] value) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 + keyBytes.length + 4 + value.length + 4);
        buffer.putInt(MAGIC)
                .putInt(keyBytes.length)
                .put(keyBytes)
                .putInt(value.length)
                .put(value);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) crc.getValue());
        return buffer.flip();
    }

    static byte[] decode(Path file, String key, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < 16 || in.getInt() != MAGIC) {
            throw damaged(file, bytes.length < 16 ? "only " + bytes.length + " bytes" : "no SYN1 header");
        }
        int keyLength = in.getInt();
        if (keyLength < 0 || keyLength > bytes.length - 16) {
            throw damaged(file, "key length " + keyLength + " does not fit its " + bytes.length + " bytes");
        }
        byte[] storedKey = new byte[keyLength];
        in.get(storedKey);
        int valueLength = in.getInt();
        if (valueLength < 0 || valueLength != bytes.length - 16 - keyLength) {
            throw damaged(
                    file,
                    "value length " + valueLength + " does not match its " + bytes.length + " bytes"
                            + " (cut short or overwritten)");
        }
        byte[] value = new byte[valueLength];
        in.get(value);
        int stored = in.getInt();
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != stored) {
            throw damaged(file, "checksum mismatch");
        }
        String storedName = new String(storedKey, StandardCharsets.UTF_8);
        if (!storedName.equals(key)) {
            throw damaged(file, "it holds key '" + storedName + "', not '" + key + "'");
        }
        return value;
    }

    private static IllegalStateException damaged(Path file, String why) {
        return new IllegalStateException("stable storage file " + file + " is damaged (" + why + "); refusing to"
                + " read it: restore it or remove it knowingly (a member that forgets its vote may vote twice)");
    }

    @Override
    public String toString() {
        return "FileStableStorage{" + directory + ", writes=" + writes + '}';
    }
}
