package dev.synchrony.net.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.codec.WireCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A member's trace: one JSON line per event of its hosted node, so the traces of the real processes of a
 * cluster can be merged and checked like a simulation's:
 * {@code {"mono":..,"node":"n2","kind":"receive","clock":..,"lamport":4,"peer":"n1","msg":1099511627777,
 * "type":"Stamped","payload":"m1(ts=2)","roots":["dev.synchrony.logical.LamportMessage"],"bin":"CAAB..."}}.
 * {@code mono} is {@code System.nanoTime()}, which on one machine is shared by all its processes; {@code bin} is
 * the payload in the wire codec (base64) built from {@code roots} ({@link TracePayloads}), so the merge rebuilds the
 * very records the checks read. Written on the node's loop; thread-safe.
 */
public final class TraceSink implements AutoCloseable {

    private final Writer out;
    private final JsonFactory json = new JsonFactory();
    private final TracePayloads payloads;

    /**
     * A trace of a node whose messages {@code codec} encodes.
     *
     * @param file the JSON-lines file, created (with its directory) or truncated
     * @param codec the codec of the node's messages, for the payloads' encoding
     * @throws UncheckedIOException when the file cannot be written, naming it
     */
    public TraceSink(Path file, WireCodec codec) {
        this.payloads = new TracePayloads(codec);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes one event as a line.
     *
     * @param node the traced node's id
     * @param kind what happened: start, command, send, receive, timer, deliver or internal
     * @param clockNanos the node's clock at the event
     * @param lamport the node's Lamport time at the event
     * @param peer the other end of a send or receive, or null
     * @param messageId the message's id for a send or receive, or -1
     * @param payload the message, timer, output or event, or null
     * @throws UncheckedIOException when the line cannot be written
     */
    public synchronized void event(
            NodeId node, String kind, long clockNanos, long lamport, NodeId peer, long messageId, Object payload) {
        try (JsonGenerator line = json.createGenerator(out)) {
            line.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            line.writeStartObject();
            line.writeNumberField("mono", System.nanoTime());
            line.writeStringField("node", node.name());
            line.writeStringField("kind", kind);
            line.writeNumberField("clock", clockNanos);
            line.writeNumberField("lamport", lamport);
            if (peer != null) {
                line.writeStringField("peer", peer.name());
            }
            if (messageId >= 0) {
                line.writeNumberField("msg", messageId);
            }
            if (payload != null) {
                line.writeStringField("type", payload.getClass().getSimpleName());
                line.writeStringField("payload", payload.toString());
                TracePayloads.Encoded encoded = payloads.encode(payload);
                if (encoded != null) {
                    line.writeArrayFieldStart("roots");
                    for (String root : encoded.roots()) {
                        line.writeString(root);
                    }
                    line.writeEndArray();
                    line.writeStringField("bin", encoded.base64());
                }
            }
            line.writeEndObject();
            line.flush();
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace: " + e.getMessage(), e);
        }
    }

    /**
     * Pushes the lines written so far to the file (a cluster run merges traces while members run).
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
