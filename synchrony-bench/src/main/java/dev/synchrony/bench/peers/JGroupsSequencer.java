package dev.synchrony.bench.peers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;

/**
 * JGroups' total order: its shipped TCP stack ({@code tcp.xml}, with flow control and bundling) with
 * {@code SEQUENCER} above flow control as its shipped {@code sequencer.xml} places it (every multicast is
 * forwarded to the coordinator, which numbers and multicasts it). TCP rather than {@code sequencer.xml}'s UDP:
 * loopback may not carry IP multicast, and Synchrony runs over TCP too. Bound to loopback, members found by
 * {@code TCPPING} on their ports, {@code GMS} told not to print addresses.
 */
final class JGroupsSequencer implements MulticastGroup {

    /** JGroups logs through java.util.logging here; kept so the level holds (loggers are weakly referenced). */
    private static final Logger JGROUPS_LOG = Logger.getLogger("org.jgroups");

    private final List<JChannel> channels = new ArrayList<>();

    JGroupsSequencer(int size, String cluster, Deliveries deliveries) throws Exception {
        JGROUPS_LOG.setLevel(Level.SEVERE);
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(freePort());
        }
        String hosts =
                String.join(",", ports.stream().map(p -> "127.0.0.1[" + p + "]").toList());
        try {
            for (int i = 0; i < size; i++) {
                JChannel channel = new JChannel(stack(ports.get(i), hosts));
                int index = i;
                channel.setReceiver(new Receiver() {
                    @Override
                    public void receive(Message message) {
                        BytesMessage bytes = (BytesMessage) message;
                        deliveries.delivered(
                                index,
                                Arrays.copyOfRange(
                                        bytes.getArray(), bytes.getOffset(), bytes.getOffset() + bytes.getLength()));
                    }
                });
                channels.add(channel);
                channel.connect(cluster);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (channels.stream()
                    .anyMatch(c -> c.getView() == null || c.getView().size() < size)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("JGroups: " + size + " members did not see each other in 30 s");
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** The shipped tcp.xml on loopback, with SEQUENCER inserted above UFC (as in the shipped sequencer.xml). */
    private static InputStream stack(int port, String hosts) throws IOException {
        String xml;
        try (InputStream shipped = JChannel.class.getClassLoader().getResourceAsStream("tcp.xml")) {
            if (shipped == null) {
                throw new IllegalStateException("JGroups' tcp.xml is not on the class path");
            }
            xml = new String(shipped.readAllBytes(), StandardCharsets.UTF_8);
        }
        String edited = xml.replace("${jgroups.bind_addr:site_local}", "127.0.0.1")
                .replace("${jgroups.bind_port:7800}", Integer.toString(port))
                .replace("${jgroups.tcpping.initial_hosts:localhost[7800],localhost[7801]}", hosts)
                .replace("${jgroups.tcp.port_range:2}", "0")
                .replace("print_local_addr=\"true\"", "print_local_addr=\"false\"")
                .replaceFirst("(<UFC[^>]*/>)", "$1\n    <SEQUENCER/>");
        if (!edited.contains("<SEQUENCER/>") || edited.contains("${jgroups.bind_addr")) {
            throw new IllegalStateException("JGroups' tcp.xml changed: cannot place SEQUENCER or bind to loopback");
        }
        return new ByteArrayInputStream(edited.getBytes(StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public int size() {
        return channels.size();
    }

    @Override
    public void publish(int member, byte[] payload) throws Exception {
        channels.get(member).send(new BytesMessage(null, payload));
    }

    @Override
    public boolean totalOrder() {
        return true;
    }

    @Override
    public void close() {
        for (int i = channels.size() - 1; i >= 0; i--) {
            channels.get(i).close();
        }
    }
}
