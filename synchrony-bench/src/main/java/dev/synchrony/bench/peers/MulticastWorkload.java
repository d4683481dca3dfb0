package dev.synchrony.bench.peers;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The multicast workload, the same for every system: 64-byte messages, every member a sender.
 *
 * <ul>
 *   <li><b>throughput</b>: each sender publishes {@code messages} messages, keeping at most {@code window} of its own
 *   in flight (saturating, yet bounded: no sender outruns the system without limit; see {@link InFlight}); the figure is the messages each member delivered per second, from the first publish to the last
 *   delivery anywhere. For a total-order group, every member's delivery sequence is also compared with the first
 *   member's.</li>
 *   <li><b>latency</b>: each sender publishes one message, waits until it is out of flight, then the next; every
 *   member's delivery of every message is a sample (send to delivery, one clock: all members are in this JVM). The
 *   first fifth of each sender's messages warm up and are not counted. Out of flight ({@link InFlight}) means
 *   delivered back to the sender for a total order and delivered by every member otherwise: causal order delivers
 *   a publisher's own message at once, and waiting for that alone let a sender publish its 500 messages back to
 *   back, so the figure measured the queue behind them.</li>
 * </ul>
 * A warm-up throughput pass of a fifth of the messages comes first. Each pass stops at the case limit.
 *
 * <p>A message carries its pass, its sender, the sender's counter and its send time, so that a late delivery of
 * an earlier pass is ignored.
 */
final class MulticastWorkload implements MulticastGroup.Deliveries {

    static final int PAYLOAD_BYTES = 64;

    /** What one group measured. {@code complete}: every pass delivered everything before the case limit. */
    record Result(
            double ratePerMember,
            double latencyMedianNanos,
            double latencyP99Nanos,
            int orderDisagreements,
            long retransmissions,
            long spuriousRetransmissions,
            boolean complete) {}

    private interface Pass {
        void delivered(int member, int sender, long counter, long sentNanos);
    }

    private final AtomicReference<Pass> current = new AtomicReference<>();
    private final AtomicInteger passNumber = new AtomicInteger();

    @Override
    public void delivered(int member, byte[] payload) {
        long now = System.nanoTime();
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        int pass = buffer.getInt();
        int sender = buffer.getInt();
        long counter = buffer.getLong();
        long sentNanos = buffer.getLong();
        Pass handler = current.get();
        if (handler != null && pass == passNumber.get()) {
            handler.delivered(member, sender, counter, now - sentNanos);
        }
    }

    private static byte[] payload(int pass, int sender, long counter) {
        return ByteBuffer.allocate(PAYLOAD_BYTES)
                .putInt(pass)
                .putInt(sender)
                .putLong(counter)
                .putLong(System.nanoTime())
                .array();
    }

    /** Runs the warm-up, the throughput and the latency passes on {@code group}, made with this as its listener. */
    Result run(MulticastGroup group, int messages, int window, int latencyMessages, Duration limit) throws Exception {
        Throughput warmUp = throughput(group, Math.max(1, messages / 5), window, limit);
        long retransmissionsBefore = group.retransmissions();
        long spuriousBefore = group.spuriousRetransmissions();
        Throughput measured = throughput(group, messages, window, limit);
        Latency latency = latency(group, latencyMessages, limit);
        long retransmissions = group.retransmissions() < 0 ? -1 : group.retransmissions() - retransmissionsBefore;
        long spurious = group.spuriousRetransmissions() < 0 ? -1 : group.spuriousRetransmissions() - spuriousBefore;
        return new Result(
                measured.ratePerMember,
                Samples.percentile(latency.samples, 50),
                Samples.percentile(latency.samples, 99),
                measured.disagreements,
                retransmissions,
                spurious,
                warmUp.complete && measured.complete && latency.complete);
    }

    /**
     * When a message stops being in flight, for the windows of both passes: when it is delivered back to its sender
     * in a total order (the sender's own delivery waits for the order), when every member has delivered it in a
     * group that is not (causal order delivers the sender's own message at once, so that would bound nothing).
     */
    private static final class InFlight {
        private final int size;
        private final int messages;
        private final boolean everyMember;
        /** Per sender and message, how many members delivered it (only when every member counts). */
        private final AtomicIntegerArray deliveries;

        InFlight(MulticastGroup group, int messages) {
            this.size = group.size();
            this.messages = messages;
            this.everyMember = !group.totalOrder();
            this.deliveries = new AtomicIntegerArray(everyMember ? size * messages : 0);
        }

        /** Whether this delivery takes the message out of flight (true once per message). */
        boolean leaves(int member, int sender, long counter) {
            if (!everyMember) {
                return member == sender;
            }
            return counter < messages && deliveries.incrementAndGet(sender * messages + (int) counter) == size;
        }
    }

    private record Throughput(double ratePerMember, int disagreements, boolean complete) {}

    private Throughput throughput(MulticastGroup group, int messages, int window, Duration limit) throws Exception {
        int size = group.size();
        int pass = passNumber.get() + 1;
        long deadline = System.nanoTime() + limit.toNanos();
        Semaphore[] windows = new Semaphore[size];
        AtomicLong[] delivered = new AtomicLong[size];
        // Each member's delivery sequence (sender and counter), to compare the orders where they overlap.
        long[][] order = new long[size][size * messages];
        int[] ordered = new int[size];
        for (int i = 0; i < size; i++) {
            windows[i] = new Semaphore(window);
            delivered[i] = new AtomicLong();
        }
        CountDownLatch all = new CountDownLatch(size * size * messages);
        InFlight inFlight = new InFlight(group, messages);
        AtomicLong lastDelivery = new AtomicLong();
        current.set((member, sender, counter, latency) -> {
            if (group.totalOrder()) {
                synchronized (order) {
                    if (ordered[member] < order[member].length) {
                        order[member][ordered[member]++] = (long) sender << 40 | counter;
                    }
                }
            }
            delivered[member].incrementAndGet();
            if (inFlight.leaves(member, sender, counter)) {
                windows[sender].release();
            }
            lastDelivery.set(System.nanoTime());
            all.countDown();
        });
        passNumber.set(pass);
        long start = System.nanoTime();
        List<Thread> senders = new ArrayList<>();
        List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int s = 0; s < size; s++) {
            int sender = s;
            senders.add(Thread.ofPlatform().name("bench-sender-" + s).start(() -> {
                try {
                    for (long i = 0; i < messages; i++) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0 || !windows[sender].tryAcquire(left, TimeUnit.NANOSECONDS)) {
                            return;
                        }
                        group.publish(sender, payload(pass, sender, i));
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread sender : senders) {
            sender.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1000));
        }
        boolean complete = all.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        current.set(null);
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        double seconds = (lastDelivery.get() - start) / 1e9;
        double total = 0;
        for (AtomicLong count : delivered) {
            total += count.get();
        }
        int disagreements = 0;
        if (group.totalOrder()) {
            synchronized (order) {
                for (int i = 1; i < size; i++) {
                    int common = Math.min(ordered[0], ordered[i]);
                    if (!java.util.Arrays.equals(order[0], 0, common, order[i], 0, common)) {
                        disagreements++;
                    }
                }
            }
        }
        return new Throughput(seconds > 0 ? total / size / seconds : 0, disagreements, complete);
    }

    private record Latency(long[] samples, boolean complete) {}

    private Latency latency(MulticastGroup group, int messages, Duration limit) throws Exception {
        int size = group.size();
        int pass = passNumber.get() + 1;
        long warmUp = messages / 5;
        long deadline = System.nanoTime() + limit.toNanos();
        Semaphore[] outOfFlight = new Semaphore[size];
        InFlight inFlight = new InFlight(group, messages);
        for (int i = 0; i < size; i++) {
            outOfFlight[i] = new Semaphore(0);
        }
        AtomicLongArray samples = new AtomicLongArray(size * size * messages);
        AtomicLong count = new AtomicLong();
        current.set((member, sender, counter, latency) -> {
            if (counter >= warmUp) {
                long index = count.getAndIncrement();
                if (index < samples.length()) {
                    samples.set((int) index, latency);
                }
            }
            if (inFlight.leaves(member, sender, counter)) {
                outOfFlight[sender].release();
            }
        });
        passNumber.set(pass);
        List<Thread> senders = new ArrayList<>();
        List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        boolean[] finished = new boolean[size];
        for (int s = 0; s < size; s++) {
            int sender = s;
            senders.add(Thread.ofPlatform().name("bench-sender-" + s).start(() -> {
                try {
                    for (long i = 0; i < messages; i++) {
                        group.publish(sender, payload(pass, sender, i));
                        long left = deadline - System.nanoTime();
                        if (left <= 0 || !outOfFlight[sender].tryAcquire(left, TimeUnit.NANOSECONDS)) {
                            return;
                        }
                    }
                    finished[sender] = true;
                } catch (Exception e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread sender : senders) {
            sender.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1000));
        }
        // The last message of each sender may still be on its way to the other members.
        Thread.sleep(50);
        current.set(null);
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        boolean complete = true;
        for (boolean done : finished) {
            complete &= done;
        }
        long[] taken = new long[(int) Math.min(samples.length(), count.get())];
        for (int i = 0; i < taken.length; i++) {
            taken[i] = samples.get(i);
        }
        return new Latency(taken, complete);
    }
}
