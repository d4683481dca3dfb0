package dev.synchrony.sim.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.synchrony.clocks.VectorClock;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import dev.synchrony.sim.trace.VectorClocks;
import java.io.IOException;
import java.io.Writer;

/**
 * The trace as JSON lines, one event per line:
 * {@code {"id":7,"t":1500000,"node":"n2","kind":"receive","clock":1499873,"lamport":4,"vc":[1,3,0],
 * "peer":"n1","msg":3,"type":"Stamped","payload":"m1(ts=2)"}}. Times are nanoseconds.
 */
public final class JsonLinesExport {

    private JsonLinesExport() {}

    public static void write(Trace trace, Writer out) throws IOException {
        VectorClocks vectors = trace.vectorClocks();
        JsonFactory factory = new JsonFactory();
        for (TraceEvent event : trace.events()) {
            try (JsonGenerator json = factory.createGenerator(out)) {
                json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                json.writeStartObject();
                json.writeNumberField("id", event.id());
                json.writeNumberField("t", event.timeNanos());
                json.writeStringField("node", trace.node(event.node()).name());
                json.writeStringField("kind", event.kind().label());
                json.writeNumberField("clock", event.clockNanos());
                if (event.kind().isProcessEvent()) {
                    json.writeNumberField("lamport", event.lamport());
                    VectorClock vc = vectors.of(event.id());
                    json.writeArrayFieldStart("vc");
                    for (int i = 0; i < vc.size(); i++) {
                        json.writeNumber(vc.get(i));
                    }
                    json.writeEndArray();
                }
                if (event.peer() >= 0) {
                    json.writeStringField("peer", trace.node(event.peer()).name());
                }
                if (event.messageId() >= 0) {
                    json.writeNumberField("msg", event.messageId());
                }
                if (event.payload() != null) {
                    json.writeStringField("type", event.payload().getClass().getSimpleName());
                    json.writeStringField("payload", event.payload().toString());
                }
                java.util.Map<String, Object> state = trace.state(event.id());
                if (state != null) {
                    json.writeObjectFieldStart("state");
                    for (java.util.Map.Entry<String, Object> entry : state.entrySet()) {
                        json.writeStringField(entry.getKey(), String.valueOf(entry.getValue()));
                    }
                    json.writeEndObject();
                }
                json.writeEndObject();
            }
            out.write('\n');
        }
    }
}
