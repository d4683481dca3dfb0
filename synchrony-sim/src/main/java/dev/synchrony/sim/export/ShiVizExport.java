package dev.synchrony.sim.export;

import dev.synchrony.clocks.VectorClock;
import dev.synchrony.sim.trace.EventKind;
import dev.synchrony.sim.trace.Trace;
import dev.synchrony.sim.trace.TraceEvent;
import dev.synchrony.sim.trace.VectorClocks;
import java.io.IOException;
import java.io.Writer;

/**
 * The trace in the log format of the ShiViz visualiser: a first line with the parsing regular expression to
 * paste into ShiViz, a blank line, then one line per process event: the host, its vector clock as a JSON object
 * of the non-zero entries ({@code {"n1":2,"n2":1}}), and a description. Losses are not process events and are
 * left out.
 */
public final class ShiVizExport {

    /** What to paste in ShiViz's "log parsing regular expression" box. */
    public static final String REGEX = "(?<host>\\S*) (?<clock>{.*}) (?<event>.*)";

    private ShiVizExport() {}

    public static void write(Trace trace, Writer out) throws IOException {
        VectorClocks vectors = trace.vectorClocks();
        out.write(REGEX);
        out.write("\n\n");
        for (TraceEvent event : trace.events()) {
            if (!event.kind().isProcessEvent()) {
                continue;
            }
            VectorClock vc = vectors.of(event.id());
            StringBuilder line = new StringBuilder(trace.node(event.node()).name()).append(" {");
            boolean first = true;
            for (int i = 0; i < vc.size(); i++) {
                if (vc.get(i) > 0) {
                    if (!first) {
                        line.append(", ");
                    }
                    line.append('"').append(trace.node(i).name()).append("\":").append(vc.get(i));
                    first = false;
                }
            }
            line.append("} ").append(describe(trace, event));
            out.write(line.toString().replace('\n', ' '));
            out.write('\n');
        }
    }

    static String describe(Trace trace, TraceEvent event) {
        String what = event.kind().label();
        if (event.kind() == EventKind.SEND) {
            what += " to " + trace.node(event.peer());
        } else if (event.kind() == EventKind.RECEIVE) {
            what += " from " + trace.node(event.peer());
        }
        return event.payload() == null ? what : what + " " + event.payload();
    }
}
