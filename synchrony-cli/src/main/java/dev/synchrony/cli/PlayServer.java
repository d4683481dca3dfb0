package dev.synchrony.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.synchrony.core.Node;
import dev.synchrony.explore.ExploredState;
import dev.synchrony.explore.Explorer;
import dev.synchrony.explore.Step;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The local web app of {@code synchrony play}: a page that lists the steps the explorer's step relation enables
 * in the current state (deliver this message, lose it, fire this timer, crash a process, give a command), takes the
 * one the person clicks, and shows every process's state and the invariants after each step. Served by the JDK's
 * HTTP server on a loopback address; one person drives one session, so requests are handled one at a time.
 */
final class PlayServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** "Run randomly" stops after this many steps if nothing is violated and steps remain. */
    private static final int RANDOM_STEPS = 200;

    private final String algorithm;
    private final Explorer.Session session;
    private final SplittableRandom random;
    private final HttpServer server;

    PlayServer(String algorithm, Explorer explorer, long seed, String bind, int port) throws IOException {
        this.algorithm = algorithm;
        this.session = explorer.session();
        this.random = new SplittableRandom(seed);
        this.server = HttpServer.create(new InetSocketAddress(bind, port), 8);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getQuery();
            boolean post = exchange.getRequestMethod().equals("POST");
            synchronized (session) {
                switch (path) {
                    case "/" -> send(exchange, 200, "text/html; charset=utf-8", page());
                    case "/state" -> sendState(exchange);
                    case "/step" -> {
                        if (!post) {
                            send(exchange, 405, "text/plain", "POST a step");
                            return;
                        }
                        int index;
                        try {
                            index = Integer.parseInt(query == null ? "" : query.replaceFirst("^index=", ""));
                        } catch (NumberFormatException e) {
                            send(exchange, 400, "text/plain", "step: index=N expected, got '" + query + "'");
                            return;
                        }
                        try {
                            session.take(index);
                        } catch (IllegalArgumentException e) {
                            send(exchange, 400, "text/plain", e.getMessage());
                            return;
                        }
                        sendState(exchange);
                    }
                    case "/undo" -> {
                        session.undo();
                        sendState(exchange);
                    }
                    case "/script" -> {
                        // The path so far as a script for simulate --script, offered as a file to save.
                        String[] script = session.script();
                        String text = script[1] == null ? script[0] : "# note: " + script[1] + "\n" + script[0];
                        exchange.getResponseHeaders()
                                .set("Content-Disposition", "attachment; filename=\"play-" + algorithm + ".yaml\"");
                        send(exchange, 200, "text/yaml; charset=utf-8", text);
                    }
                    case "/random" -> {
                        // Random enabled steps until an invariant breaks, nothing is enabled, or the budget ends.
                        for (int i = 0; i < RANDOM_STEPS && session.violation() == null; i++) {
                            int enabled = session.enabled().size();
                            if (enabled == 0) {
                                break;
                            }
                            session.take(random.nextInt(enabled));
                        }
                        sendState(exchange);
                    }
                    default -> send(exchange, 404, "text/plain", "no such page: " + path);
                }
            }
        } catch (RuntimeException e) {
            // A bug must reach the person, not vanish into the server's thread.
            System.err.println("play: " + e);
        }
    }

    private void sendState(HttpExchange exchange) throws IOException {
        send(exchange, 200, "application/json", JSON.writeValueAsString(stateJson()));
    }

    Map<String, Object> stateJson() {
        ExploredState state = session.state();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("algorithm", algorithm);
        List<Map<String, Object>> processes = new ArrayList<>();
        for (int i = 0; i < state.members().size(); i++) {
            Map<String, Object> process = new LinkedHashMap<>();
            process.put("name", state.members().get(i).name());
            process.put("up", state.isUp(i));
            Node<?, ?, ?> node = state.node(i);
            Map<String, String> shown = new LinkedHashMap<>();
            if (node != null) {
                node.displayState().forEach((key, value) -> shown.put(key, String.valueOf(value)));
            }
            process.put("state", shown);
            process.put(
                    "outputs", state.outputs(i).stream().map(String::valueOf).toList());
            processes.add(process);
        }
        json.put("processes", processes);
        List<Map<String, Object>> enabled = new ArrayList<>();
        List<Step> steps = session.enabled();
        for (int i = 0; i < steps.size(); i++) {
            enabled.add(Map.of(
                    "index",
                    i,
                    "kind",
                    steps.get(i).kind().name().toLowerCase(java.util.Locale.ROOT),
                    "text",
                    steps.get(i).describe()));
        }
        json.put("enabled", enabled);
        json.put("taken", session.taken().stream().map(Step::describe).toList());
        json.put("inFlight", state.inFlight().stream().map(String::valueOf).toList());
        String[] violation = session.violation();
        json.put("violation", violation == null ? null : Map.of("property", violation[0], "detail", violation[1]));
        return json;
    }

    private static String page() throws IOException {
        try (InputStream in = PlayServer.class.getResourceAsStream("/dev/synchrony/cli/play.html")) {
            if (in == null) {
                throw new IOException("play.html is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
