package dev.synchrony.ntp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;

/**
 * The floor for a round trip: a bare {@link DatagramSocket} echo on loopback, no parsing, no clock reading on
 * the server. A query's delay is compared with this.
 */
public final class UdpEcho implements AutoCloseable {

    private final DatagramSocket socket;
    private final Thread thread;

    public UdpEcho() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = Thread.ofPlatform().name("udp-echo").daemon(true).start(this::echo);
    }

    private void echo() {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
                socket.send(packet);
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** {@code count} round trips of a 48-byte datagram, each timed with {@link System#nanoTime()}; lost ones are -1. */
    public long[] roundTrips(int count, int timeoutMillis) throws IOException {
        long[] nanos = new long[count];
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            client.connect(address());
            client.setSoTimeout(timeoutMillis);
            byte[] payload = new byte[NtpPacket.HEADER_BYTES];
            byte[] reply = new byte[2048];
            DatagramPacket in = new DatagramPacket(reply, reply.length);
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                client.send(new DatagramPacket(payload, payload.length));
                try {
                    in.setLength(reply.length);
                    client.receive(in);
                    nanos[i] = System.nanoTime() - start;
                } catch (java.net.SocketTimeoutException e) {
                    nanos[i] = -1;
                }
            }
        }
        return nanos;
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
