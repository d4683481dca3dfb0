package dev.synchrony.ntp;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLSession;

/**
 * The TLS exporter (RFC 5705 / RFC 8446, section 7.5), from which NTS derives its two session keys (RFC 8915,
 * section 5.1). The JDK offers it from Java 25 ({@code ExtendedSSLSession.exportKeyingMaterialData}); we compile
 * for Java 21, so it is looked up at run time and NTS says clearly when the JDK is too old.
 */
public final class TlsExporter {

    private static final MethodHandle EXPORT = lookup();

    private TlsExporter() {}

    private static MethodHandle lookup() {
        try {
            return MethodHandles.publicLookup()
                    .findVirtual(
                            ExtendedSSLSession.class,
                            "exportKeyingMaterialData",
                            MethodType.methodType(byte[].class, String.class, byte[].class, int.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    /** Whether this JDK can export keying material (Java 25 or newer). */
    public static boolean available() {
        return EXPORT != null;
    }

    public static void requireAvailable() {
        if (EXPORT == null) {
            throw new IllegalStateException("NTS needs the TLS exporter of Java 25 or newer; this is Java "
                    + Runtime.version().feature());
        }
    }

    public static byte[] export(SSLSession session, String label, byte[] context, int length)
            throws java.io.IOException {
        requireAvailable();
        if (!(session instanceof ExtendedSSLSession extended)) {
            throw new java.io.IOException("the TLS session cannot export keying material");
        }
        try {
            return (byte[]) EXPORT.invokeExact(extended, label, context, length);
        } catch (java.io.IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new java.io.IOException("TLS exporter failed: " + e.getMessage(), e);
        }
    }

    /** RFC 8915, section 5.1: the exporter label and context (protocol id, AEAD id, 0 for C2S or 1 for S2C). */
    public static NtsCookieJar.SessionKeys ntsKeys(SSLSession session) throws java.io.IOException {
        byte[] c2s = export(session, "EXPORTER-network-time-security", context(0), NtsAead.KEY_BYTES);
        byte[] s2c = export(session, "EXPORTER-network-time-security", context(1), NtsAead.KEY_BYTES);
        return new NtsCookieJar.SessionKeys(c2s, s2c);
    }

    private static byte[] context(int direction) {
        return new byte[] {0, (byte) NtsKeRecord.PROTOCOL_NTPV4, 0, (byte) NtsAead.ALGORITHM_ID, (byte) direction};
    }
}
