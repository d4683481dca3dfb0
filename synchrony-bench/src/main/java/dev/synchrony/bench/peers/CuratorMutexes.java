package dev.synchrony.bench.peers;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;

/**
 * Apache Curator's {@link InterProcessMutex} over ZooKeeper: curator-test's in-process ensemble of 3 servers
 * ({@link TestingCluster}; each with its own transaction log, fsynced as ZooKeeper does by default), and one
 * Curator client per member, each connected to its own server. The uncontended figures are taken at a client of
 * a follower (a write goes to the leader and back), found by ZooKeeper's {@code srvr} command.
 */
final class CuratorMutexes implements LockGroup {

    private final TestingCluster cluster;
    private final List<CuratorFramework> clients = new ArrayList<>();
    private final List<InterProcessMutex> mutexes = new ArrayList<>();
    private final int requester;
    private final String requesterRole;

    CuratorMutexes(int size, String path) throws Exception {
        cluster = new TestingCluster(size);
        try {
            cluster.start();
            int follower = -1;
            List<InstanceSpec> specs = new ArrayList<>(cluster.getInstances());
            for (int i = 0; i < specs.size(); i++) {
                CuratorFramework client = CuratorFrameworkFactory.newClient(
                        specs.get(i).getConnectString(), new ExponentialBackoffRetry(100, 5));
                client.start();
                clients.add(client);
                if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(
                            "Curator: no connection to " + specs.get(i).getConnectString());
                }
                mutexes.add(new InterProcessMutex(client, path));
            }
            for (int i = specs.size() - 1; i >= 0 && follower < 0; i--) {
                if (mode(specs.get(i).getPort()).equals("follower")) {
                    follower = i;
                }
            }
            requester = follower < 0 ? specs.size() - 1 : follower;
            requesterRole = follower < 0 ? "a client of a server whose role is not known" : "a client of a follower";
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** The server's role as its {@code srvr} command prints it ({@code leader}, {@code follower}), or "". */
    private static String mode(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write("srvr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("Mode: ")) {
                    return line.substring("Mode: ".length()).trim();
                }
            }
        } catch (Exception e) {
            // unknown: the caller falls back to the last member
        }
        return "";
    }

    @Override
    public int size() {
        return mutexes.size();
    }

    @Override
    public Locker locker(int member) {
        InterProcessMutex mutex = mutexes.get(member);
        return new Locker() {
            @Override
            public void lock() throws Exception {
                mutex.acquire();
            }

            @Override
            public void unlock() throws Exception {
                mutex.release();
            }
        };
    }

    @Override
    public int requester() {
        return requester;
    }

    @Override
    public String requesterRole() {
        return requesterRole;
    }

    @Override
    public void close() throws Exception {
        clients.forEach(CuratorFramework::close);
        cluster.close();
    }
}
