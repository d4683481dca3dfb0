package dev.synchrony.net.runtime;

import dev.synchrony.core.NodeId;
import java.util.function.Consumer;

/** The member's log: one line per event, prefixed with the member's id. */
final class MemberLog {

    private final String prefix;
    private final Consumer<String> sink;

    MemberLog(NodeId self, Consumer<String> sink) {
        this.prefix = self + ": ";
        this.sink = sink;
    }

    void info(String line) {
        sink.accept(prefix + line);
    }

    /** Logs a refused connection. */
    void refusal(String line) {
        info(line);
    }
}
