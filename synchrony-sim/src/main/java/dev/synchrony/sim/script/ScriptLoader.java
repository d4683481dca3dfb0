package dev.synchrony.sim.script;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.synchrony.catalog.Durations;
import dev.synchrony.core.NodeId;
import dev.synchrony.sim.fault.CrashSpec;
import dev.synchrony.sim.fault.PauseSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link Script} from YAML (or JSON, which is YAML). Every mistake is reported as one line naming the
 * file and the field. The format:
 *
 * <pre>
 * algorithm: lamport            # optional: the algorithm it is written for
 * timeUnit: 1s                  # what a time of 1 means below (default 1ms)
 * latency: 1                    # optional: latency of messages no delivery rule names
 * duration: 10                  # optional: when the run stops (default: 2 units after the last event)
 * params: {correction: true}    # the algorithm's options
 * processes:                    # who takes part, and their clocks: C(t) = offset + rate * t
 *   - {name: P1, rate: 6}
 * events:                       # commands: at a time, to a process; the other fields are the algorithm's
 *   - {at: 1, node: P1, do: send, to: P2, label: m1}
 * deliveries:                   # when the message sent at `sent` from `from` to `to` arrives (or lost: true)
 *   - {from: P1, to: P2, sent: 1, arrive: 2}
 * crashes:
 *   - {node: P2, at: 3, recover: 5}
 * pauses:                       # P3 executes nothing from 2 to 4: its inputs pile up, its clock runs on
 *   - {node: P3, at: 2, resume: 4}
 * timers:                       # optional: the first timer P1 sets at `set` fires at `fire` (or never),
 *   - {node: P1, set: 0, fire: 4} #   whatever its delay (synchrony explore writes these)
 * </pre>
 */
public final class ScriptLoader {

    private static final Set<String> TOP_LEVEL = Set.of(
            "algorithm",
            "timeUnit",
            "latency",
            "duration",
            "params",
            "processes",
            "events",
            "deliveries",
            "crashes",
            "pauses",
            "description",
            "timers");

    private ScriptLoader() {}

    public static Script load(Path file) {
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--script " + source + ": cannot read it: " + ReadErrors.reason(e));
        }
        return parse(text, source);
    }

    public static Script parse(String text, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(YamlErrors.describe(source, e));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(
                    "script " + source + ": expected a mapping with 'processes' and 'events'");
        }
        return new Reader(source).read(root);
    }

    private static final class Reader {
        private final String source;
        private long unit;

        Reader(String source) {
            this.source = source;
        }

        Script read(JsonNode root) {
            for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!TOP_LEVEL.contains(name)) {
                    throw error(
                            name,
                            "unknown field (known: "
                                    + String.join(
                                            ", ", TOP_LEVEL.stream().sorted().toList()) + ")");
                }
            }
            unit = root.has("timeUnit")
                    ? Durations.parseNanos(text(root, "timeUnit"), "script " + source + ": timeUnit")
                    : 1_000_000L;
            String algorithm = root.has("algorithm") ? text(root, "algorithm") : null;
            List<Script.ProcessSpec> processes = new ArrayList<>();
            for (JsonNode process : list(root, "processes", true)) {
                NodeId id = node(process, "processes[].name", "name");
                double rate = process.has("rate") ? number(process.get("rate"), "processes[" + id + "].rate") : 1.0;
                if (!(rate > 0)) {
                    throw error("processes[" + id + "].rate", "must be positive");
                }
                long offset = process.has("offset") ? time(process.get("offset"), "processes[" + id + "].offset") : 0;
                if (processes.stream().anyMatch(p -> p.id().equals(id))) {
                    throw error("processes", "two processes named " + id);
                }
                processes.add(new Script.ProcessSpec(id, rate, offset));
            }
            if (processes.isEmpty()) {
                throw error("processes", "name at least one process");
            }
            List<NodeId> names = processes.stream().map(Script.ProcessSpec::id).toList();
            long last = 0;
            List<Script.ScriptEvent> events = new ArrayList<>();
            for (JsonNode event : list(root, "events", false)) {
                long at = time(required(event, "at", "events[]"), "events[].at");
                NodeId node =
                        member(event, "node", "events[at " + event.get("at").asText() + "]", names);
                Map<String, Object> command = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> fields = event.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (!field.getKey().equals("at") && !field.getKey().equals("node")) {
                        command.put(field.getKey(), scalar(field.getValue(), "events[].", field.getKey()));
                    }
                }
                events.add(new Script.ScriptEvent(at, node, command));
                last = Math.max(last, at);
            }
            List<Script.ScriptDelivery> deliveries = new ArrayList<>();
            for (JsonNode delivery : list(root, "deliveries", false)) {
                NodeId from = member(delivery, "from", "deliveries[]", names);
                NodeId to = member(delivery, "to", "deliveries[]", names);
                long sentAt = time(required(delivery, "sent", "deliveries[]"), "deliveries[].sent");
                boolean lost = delivery.has("lost") && delivery.get("lost").asBoolean();
                long arriveAt =
                        lost ? sentAt : time(required(delivery, "arrive", "deliveries[]"), "deliveries[].arrive");
                if (arriveAt < sentAt) {
                    throw error("deliveries[" + from + "->" + to + "]", "arrives before it is sent");
                }
                deliveries.add(new Script.ScriptDelivery(from, to, sentAt, arriveAt, lost));
                last = Math.max(last, arriveAt);
            }
            List<CrashSpec> crashes = new ArrayList<>();
            for (JsonNode crash : list(root, "crashes", false)) {
                NodeId node = member(crash, "node", "crashes[]", names);
                long at = time(required(crash, "at", "crashes[]"), "crashes[].at");
                long recover = crash.has("recover") ? time(crash.get("recover"), "crashes[].recover") : CrashSpec.NEVER;
                if (recover <= at) {
                    throw error("crashes[" + node + "]", "recovers before it crashes");
                }
                crashes.add(new CrashSpec(node, at, recover));
                last = Math.max(last, recover == CrashSpec.NEVER ? at : recover);
            }
            List<PauseSpec> pauses = new ArrayList<>();
            for (JsonNode pause : list(root, "pauses", false)) {
                NodeId node = member(pause, "node", "pauses[]", names);
                long at = time(required(pause, "at", "pauses[" + node + "]"), "pauses[" + node + "].at");
                long resume = time(required(pause, "resume", "pauses[" + node + "]"), "pauses[" + node + "].resume");
                if (resume <= at) {
                    throw error("pauses[" + node + "]", "resumes before it pauses");
                }
                PauseSpec spec = new PauseSpec(node, at, resume);
                for (PauseSpec other : pauses) {
                    if (spec.overlaps(other)) {
                        throw error("pauses[" + node + "]", "overlaps the pause " + other.format());
                    }
                }
                pauses.add(spec);
                last = Math.max(last, resume);
            }
            List<Script.ScriptTimer> timers = new ArrayList<>();
            for (JsonNode timer : list(root, "timers", false)) {
                NodeId node = member(timer, "node", "timers[]", names);
                long setAt = time(required(timer, "set", "timers[]"), "timers[].set");
                JsonNode fire = required(timer, "fire", "timers[]");
                long fireAt = fire.isTextual() && fire.asText().equals("never")
                        ? Script.ScriptTimer.NEVER
                        : time(fire, "timers[].fire");
                if (fireAt < setAt) {
                    throw error("timers[" + node + "]", "fires before it is set");
                }
                timers.add(new Script.ScriptTimer(node, setAt, fireAt));
                last = Math.max(last, fireAt == Script.ScriptTimer.NEVER ? setAt : fireAt);
            }
            Map<String, String> params = new LinkedHashMap<>();
            if (root.has("params")) {
                JsonNode paramsNode = root.get("params");
                if (!paramsNode.isObject()) {
                    throw error("params", "expected a mapping of option names to values");
                }
                for (Iterator<Map.Entry<String, JsonNode>> fields = paramsNode.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    params.put(field.getKey(), field.getValue().asText());
                }
            }
            long latency = root.has("latency") ? time(root.get("latency"), "latency") : -1;
            long duration = root.has("duration") ? time(root.get("duration"), "duration") : last + 2 * unit;
            if (duration <= 0) {
                throw error("duration", "must be positive");
            }
            for (PauseSpec pause : pauses) {
                if (pause.fromNanos() > duration) {
                    throw error("pauses[" + pause.node() + "]", "pauses after the end of the run (duration)");
                }
            }
            return new Script(
                    source,
                    algorithm,
                    unit,
                    processes,
                    events,
                    deliveries,
                    crashes,
                    params,
                    duration,
                    latency,
                    timers,
                    pauses);
        }

        private List<JsonNode> list(JsonNode root, String field, boolean required) {
            JsonNode value = root.get(field);
            if (value == null || value.isNull()) {
                if (required) {
                    throw error(field, "missing");
                }
                return List.of();
            }
            if (!value.isArray()) {
                throw error(field, "expected a list");
            }
            List<JsonNode> items = new ArrayList<>();
            value.forEach(item -> {
                if (!item.isObject()) {
                    throw error(field, "each entry must be a mapping, got " + item);
                }
                items.add(item);
            });
            return items;
        }

        private JsonNode required(JsonNode object, String field, String where) {
            JsonNode value = object.get(field);
            if (value == null || value.isNull()) {
                throw error(where + "." + field, "missing in " + object);
            }
            return value;
        }

        private String text(JsonNode object, String field) {
            JsonNode value = object.get(field);
            if (value == null || !value.isValueNode()) {
                throw error(field, "expected a value");
            }
            return value.asText();
        }

        private NodeId node(JsonNode object, String where, String field) {
            String name = required(object, field, where).asText();
            try {
                return NodeId.of(name);
            } catch (IllegalArgumentException e) {
                throw error(where, e.getMessage());
            }
        }

        private NodeId member(JsonNode object, String field, String where, List<NodeId> names) {
            NodeId id = node(object, where + "." + field, field);
            if (!names.contains(id)) {
                throw error(
                        where + "." + field,
                        "no process named " + id + " (processes: "
                                + String.join(
                                        ",", names.stream().map(NodeId::name).toList()) + ")");
            }
            return id;
        }

        private double number(JsonNode value, String where) {
            if (!value.isNumber()) {
                throw error(where, "'" + value.asText() + "' is not a number");
            }
            return value.asDouble();
        }

        /** A time in script units (a number), or a duration with its own unit ("250ms"). */
        private long time(JsonNode value, String where) {
            if (value.isNumber()) {
                double units = value.asDouble();
                if (units < 0) {
                    throw error(where, "must not be negative");
                }
                return Math.round(units * unit);
            }
            if (value.getNodeType() == JsonNodeType.STRING) {
                return Durations.parseNanos(value.asText(), "script " + source + ": " + where);
            }
            throw error(where, "expected a time, got " + value);
        }

        private Object scalar(JsonNode value, String where, String field) {
            if (value.isIntegralNumber()) {
                return value.asLong();
            }
            if (value.isNumber()) {
                return value.asDouble();
            }
            if (value.isBoolean()) {
                return value.asBoolean();
            }
            if (value.isTextual()) {
                return value.asText();
            }
            if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.asText()));
                return List.copyOf(items);
            }
            throw error(where + field, "expected a value or a list, got " + value);
        }

        private IllegalArgumentException error(String field, String what) {
            return new IllegalArgumentException("script " + source + ": " + field + ": " + what);
        }
    }
}
