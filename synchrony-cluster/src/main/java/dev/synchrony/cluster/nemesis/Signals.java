package dev.synchrony.cluster.nemesis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Sends SIGSTOP and SIGCONT (which Java's process API cannot) through one shell started in advance, so a signal
 * leaves within a millisecond of the call: starting a {@code kill} process per signal took up to 300 ms on a busy
 * machine, which blurred when a pause really began.
 */
final class Signals implements AutoCloseable {

    private final Process shell;
    private final Writer commands;
    private final BufferedReader answers;

    Signals() {
        try {
            shell = new ProcessBuilder("sh").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start sh to send signals: " + e.getMessage(), e);
        }
        commands = new java.io.OutputStreamWriter(shell.getOutputStream(), StandardCharsets.US_ASCII);
        answers = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Sends {@code signal} (STOP, CONT) to {@code pid} and returns once it was sent; throws naming the failure. */
    synchronized void send(String signal, long pid) {
        try {
            commands.write("kill -" + signal + " " + pid + " && echo sent || echo failed\n");
            commands.flush();
            StringBuilder said = new StringBuilder();
            for (String line = answers.readLine(); line != null; line = answers.readLine()) {
                if (line.equals("sent")) {
                    return;
                }
                if (line.equals("failed")) {
                    throw new IllegalStateException("kill -" + signal + " " + pid + ": "
                            + said.toString().strip());
                }
                said.append(line).append(' ');
            }
            throw new IllegalStateException("kill -" + signal + " " + pid + ": the signalling shell ended");
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + signal + " " + pid + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        shell.destroy();
    }
}
