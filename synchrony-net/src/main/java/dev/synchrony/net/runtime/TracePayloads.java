package dev.synchrony.net.runtime;

import dev.synchrony.net.codec.CodecException;
import dev.synchrony.net.codec.WireCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The payloads of a member's trace file (messages, timers, commands, outputs) in the wire codec, so the merge of
 * a cluster run rebuilds the very records the checks read. A trace line says which roots its payload's codec was
 * built from (the service's message roots, plus the payload's own type when that is not among them), and the
 * reader builds the same codec from those names. This is the only place a class name is read back, and it is read
 * from a local file a member of this run wrote, never from a frame; names outside {@code dev.synchrony} are
 * refused.
 */
public final class TracePayloads {

    private static final String ALLOWED_PACKAGE = "dev.synchrony.";

    /**
     * An encoded payload: the codec roots by class name, and the bytes in base64.
     *
     * @param roots the class names of the roots its codec is built from
     * @param base64 the encoded bytes
     */
    public record Encoded(List<String> roots, String base64) {}

    private final WireCodec service;
    private final Map<Class<?>, WireCodec> byPayloadType = new HashMap<>();
    private final Map<List<String>, WireCodec> byRoots = new HashMap<>();

    /**
     * For writing: {@code service} is the codec of the traced node's messages.
     *
     * @param service the traced service's codec
     */
    public TracePayloads(WireCodec service) {
        this.service = service;
    }

    /** For reading only. */
    public TracePayloads() {
        this(WireCodec.of());
    }

    /**
     * {@code payload} encoded, or null when its type cannot be encoded (the trace then keeps its text only).
     *
     * @param payload a message, output or recorded event
     * @return its encoding, or null
     */
    public synchronized Encoded encode(Object payload) {
        WireCodec codec = codecFor(payload);
        if (codec == null) {
            return null;
        }
        ByteBuf buf = Unpooled.buffer();
        try {
            codec.write(buf, payload);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            List<String> names = codec.roots().stream().map(Class::getName).toList();
            return new Encoded(names, Base64.getEncoder().encodeToString(bytes));
        } catch (CodecException e) {
            return null;
        } finally {
            buf.release();
        }
    }

    private WireCodec codecFor(Object payload) {
        Class<?> type = payload instanceof Enum<?> constant ? constant.getDeclaringClass() : payload.getClass();
        if (!(type.isRecord() || type.isEnum()) || service.registeredTypes().contains(type)) {
            return service;
        }
        if (byPayloadType.containsKey(type)) {
            return byPayloadType.get(type);
        }
        // Registered by its outermost sealed interface: one codec serves every timer (or command, or output) of
        // the node, so a member builds a handful of codecs while it runs, each on the node's loop.
        Class<?> root = sealedRoot(type);
        WireCodec codec;
        try {
            List<Class<?>> roots = new ArrayList<>(service.roots());
            roots.add(root);
            codec = WireCodec.of(roots);
        } catch (IllegalArgumentException e) {
            codec = null;
        }
        if (codec != null) {
            for (Class<?> registered : codec.registeredTypes()) {
                byPayloadType.putIfAbsent(registered, codec);
            }
        }
        byPayloadType.put(type, codec);
        return codec;
    }

    /** The outermost sealed interface that permits {@code type} (through nested ones), or {@code type} itself. */
    private static Class<?> sealedRoot(Class<?> type) {
        for (Class<?> parent : type.getInterfaces()) {
            if (parent.isSealed()
                    && java.util.Arrays.asList(parent.getPermittedSubclasses()).contains(type)) {
                return sealedRoot(parent);
            }
        }
        return type;
    }

    /**
     * Decodes a payload written by {@link #encode}.
     *
     * @param roots the class names of the codec's roots, as the trace line gives them
     * @param base64 the encoded bytes
     * @return the payload, the very record that was traced
     * @throws CodecException naming the unknown or refused type, or what was wrong with the bytes
     */
    public synchronized Object decode(List<String> roots, String base64) {
        WireCodec codec = byRoots.get(roots);
        if (codec == null) {
            List<Class<?>> types = new ArrayList<>();
            for (String name : roots) {
                types.add(root(name));
            }
            try {
                codec = WireCodec.of(types);
            } catch (IllegalArgumentException e) {
                throw new CodecException("trace payload roots " + roots + ": " + e.getMessage());
            }
            byRoots.put(List.copyOf(roots), codec);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new CodecException("trace payload is not base64: " + e.getMessage());
        }
        return codec.readAll(Unpooled.wrappedBuffer(bytes));
    }

    private static Class<?> root(String name) {
        if (!name.startsWith(ALLOWED_PACKAGE)) {
            throw new CodecException("trace payload type " + name + " is outside " + ALLOWED_PACKAGE);
        }
        Class<?> type;
        try {
            type = Class.forName(name, false, TracePayloads.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new CodecException("unknown trace payload type " + name);
        }
        if (!(type.isRecord() || type.isEnum() || type.isSealed())) {
            throw new CodecException("trace payload type " + name + " is neither a record, an enum nor sealed");
        }
        return type;
    }
}
