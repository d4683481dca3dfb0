package dev.synchrony.net.codec;

/** A frame or value that cannot be encoded or decoded; the message names what was wrong. */
public final class CodecException extends RuntimeException {

    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
