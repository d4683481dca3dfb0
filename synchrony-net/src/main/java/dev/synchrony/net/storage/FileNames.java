package dev.synchrony.net.storage;

import java.nio.charset.StandardCharsets;

/**
 * Turns a key or a service name into a file name that is the same on every file system: letters, digits, '-' and
 * '_' stay, every other byte of its UTF-8 form becomes {@code %XX}. Distinct names give distinct file names, and
 * no name can reach outside its directory ("..", "/").
 */
public final class FileNames {

    private FileNames() {}

    /**
     * The file name for {@code name}.
     *
     * @param name a key or service name, any text
     * @return a file name of letters, digits, '-', '_' and {@code %XX} escapes ({@code %} for the empty name)
     */
    public static String encode(String name) {
        if (name.isEmpty()) {
            return "%";
        }
        StringBuilder out = new StringBuilder(name.length());
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
