package dev.synchrony.net.codec;

/**
 * A frame or value that cannot be encoded or decoded; the message names what was wrong, on one line (a record's
 * own validation message may span lines, and a log line per bad frame must stay one line).
 */
public final class CodecException extends RuntimeException {

    /**
     * A failure with its reason.
     *
     * @param message what was wrong; line breaks are folded into spaces
     */
    public CodecException(String message) {
        super(oneLine(message));
    }

    /**
     * A failure with its reason and the exception behind it.
     *
     * @param message what was wrong; line breaks are folded into spaces
     * @param cause what a constructor or accessor threw
     */
    public CodecException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    private static String oneLine(String message) {
        return message == null ? "codec error" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
