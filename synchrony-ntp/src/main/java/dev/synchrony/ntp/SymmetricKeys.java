package dev.synchrony.ntp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of a key file in chrony's format, one per line: {@code ID [TYPE] KEY}, where TYPE is MD5 (the
 * default), SHA1, SHA256, SHA384, SHA512, AES128 or AES256, and KEY is {@code HEX:} followed by hex digits,
 * {@code ASCII:} followed by text, or text alone. Blank lines and comments (from {@code #}, {@code !}, {@code ;}
 * or {@code %}) are skipped. The same file works for chronyd's {@code keyfile} directive.
 */
public final class SymmetricKeys {

    public static final SymmetricKeys NONE = new SymmetricKeys(Map.of());

    private final Map<Long, SymmetricKey> keys;

    private SymmetricKeys(Map<Long, SymmetricKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    public static SymmetricKeys of(List<SymmetricKey> keys) {
        Map<Long, SymmetricKey> byId = new LinkedHashMap<>();
        for (SymmetricKey key : keys) {
            if (byId.put(key.id(), key) != null) {
                throw new IllegalArgumentException("key id " + key.id() + " appears twice");
            }
        }
        return new SymmetricKeys(byId);
    }

    /** Reads a key file; any mistake is an IllegalArgumentException naming the file and line. */
    public static SymmetricKeys read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("key file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("key file " + file + " cannot be read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public static SymmetricKeys parse(String text, String source) {
        Map<Long, SymmetricKey> keys = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i]).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = source + ", line " + (i + 1) + ": ";
            String[] fields = line.split("\\s+");
            if (fields.length < 2 || fields.length > 3) {
                throw new IllegalArgumentException(where + "expected 'ID TYPE KEY', got '" + line + "'");
            }
            long id;
            try {
                id = Long.parseLong(fields[0]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "key id '" + fields[0] + "' is not a number");
            }
            try {
                MacAlgorithm algorithm = fields.length == 3 ? MacAlgorithm.parse(fields[1]) : MacAlgorithm.MD5;
                SymmetricKey key = new SymmetricKey(id, algorithm, secret(fields[fields.length - 1]));
                if (keys.put(id, key) != null) {
                    throw new IllegalArgumentException("key id " + id + " appears twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage());
            }
        }
        return new SymmetricKeys(keys);
    }

    private static String stripComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if ("#!;%".indexOf(line.charAt(i)) >= 0) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static byte[] secret(String text) {
        if (text.regionMatches(true, 0, "HEX:", 0, 4)) {
            String hex = text.substring(4);
            if (hex.isEmpty() || hex.length() % 2 != 0 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException(
                        "'" + text + "' is not HEX: followed by an even number of hex digits");
            }
            return HexFormat.of().parseHex(hex);
        }
        String ascii = text.regionMatches(true, 0, "ASCII:", 0, 6) ? text.substring(6) : text;
        if (ascii.isEmpty() || !ascii.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("an ASCII key must be printable ASCII without spaces");
        }
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    public SymmetricKey find(long id) {
        return keys.get(id);
    }

    /** The key with this id, or an IllegalArgumentException saying it is not in the file. */
    public SymmetricKey require(long id, String source) {
        SymmetricKey key = keys.get(id);
        if (key == null) {
            throw new IllegalArgumentException("--key-id: key " + id + " is not in " + source + " (it has "
                    + new java.util.TreeSet<>(keys.keySet()) + ")");
        }
        return key;
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    public int size() {
        return keys.size();
    }

    /** Keys of MD5 or SHA1 type, to be reported: RFC 8573 says AES-CMAC. */
    public List<SymmetricKey> weak() {
        return keys.values().stream().filter(k -> k.algorithm().weak()).toList();
    }
}
