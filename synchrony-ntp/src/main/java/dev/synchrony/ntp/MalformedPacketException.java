package dev.synchrony.ntp;

/** A datagram that is not an NTP packet we accept; {@code field} names what is wrong (length, version, mode). */
public final class MalformedPacketException extends Exception {

    private final String field;

    public MalformedPacketException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
