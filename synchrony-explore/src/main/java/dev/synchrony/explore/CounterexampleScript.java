package dev.synchrony.explore;

import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Writes a path of the explorer as a simulator script: step k happens at time k (in milliseconds; a timed path
 * gives its own times, see {@link ReplayedPath#time}), every message
 * gets a delivery rule (its arrival time, or {@code lost: true}), every timer a firing rule (its firing time, or
 * {@code never}), every crash and every command its time. The simulator then has no choice left, and replays the
 * path's interleaving exactly; messages still in flight at the end arrive after the run stops.
 */
final class CounterexampleScript {

    private CounterexampleScript() {}

    /** The script, and a note when some command has no script form (then the path does not replay exactly). */
    static String[] write(
            String algorithm,
            Map<String, String> params,
            ReplayedPath path,
            Function<Object, Map<String, Object>> scriptFields,
            List<String> header,
            String timeUnit) {
        List<NodeId> members = path.members;
        long end = path.time + 1;
        String note = null;
        StringBuilder yaml = new StringBuilder();
        for (String line : header) {
            yaml.append("# ").append(line).append('\n');
        }
        yaml.append("algorithm: ").append(algorithm).append('\n');
        yaml.append("timeUnit: ").append(timeUnit).append('\n');
        yaml.append("duration: ").append(end).append('\n');
        if (!params.isEmpty()) {
            yaml.append("params:\n");
            new TreeMap<>(params)
                    .forEach((name, value) -> yaml.append("  ")
                            .append(name)
                            .append(": ")
                            .append(quote(value))
                            .append('\n'));
        }
        yaml.append("processes:\n");
        for (NodeId member : members) {
            yaml.append("  - {name: ").append(member).append("}\n");
        }
        List<String> events = new ArrayList<>();
        for (Object[] command : path.commands) {
            Map<String, Object> fields = scriptFields.apply(command[2]);
            if (fields == null) {
                note = "the command " + command[2] + " has no script form, so the replay lacks it";
                continue;
            }
            StringBuilder event = new StringBuilder("{at: " + command[0] + ", node: " + members.get((int) command[1]));
            fields.forEach((name, value) ->
                    event.append(", ").append(name).append(": ").append(value(value)));
            events.add(event.append('}').toString());
        }
        section(yaml, "events", events);
        List<String> deliveries = new ArrayList<>();
        for (ReplayedPath.SentMessage message : path.sent) {
            String head = "{from: " + members.get(message.from) + ", to: " + members.get(message.to) + ", sent: "
                    + message.sentAt;
            if (message.lost) {
                deliveries.add(head + ", lost: true}   # " + message.message);
            } else {
                long arrive = message.arrivedAt >= 0 ? message.arrivedAt : end + 1000;
                deliveries.add(head + ", arrive: " + arrive + "}   # " + message.message
                        + (message.arrivedAt >= 0 ? "" : " (still in flight at the end)"));
            }
        }
        section(yaml, "deliveries", deliveries);
        List<String> timerRules = new ArrayList<>();
        for (ReplayedPath.SetTimer timer : path.timersSet) {
            timerRules.add("{node: " + members.get(timer.node) + ", set: " + timer.setAt + ", fire: "
                    + (timer.firedAt >= 0 ? Long.toString(timer.firedAt) : "never") + "}   # " + timer.timer);
        }
        section(yaml, "timers", timerRules);
        List<String> crashes = new ArrayList<>();
        for (long[] crash : path.crashes) {
            crashes.add("{node: " + members.get((int) crash[0]) + ", at: " + crash[1]
                    + (crash[2] >= 0 ? ", recover: " + crash[2] : "") + "}");
        }
        section(yaml, "crashes", crashes);
        return new String[] {yaml.toString(), note};
    }

    private static void section(StringBuilder yaml, String name, List<String> entries) {
        if (entries.isEmpty()) {
            return;
        }
        yaml.append(name).append(":\n");
        entries.forEach(entry -> yaml.append("  - ").append(entry).append('\n'));
    }

    private static String value(Object value) {
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(value(item)));
            return "[" + String.join(", ", items) + "]";
        }
        return quote(String.valueOf(value));
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
