package dev.synchrony.bench.peers;

import dev.synchrony.api.OrderedMulticast;
import dev.synchrony.api.SynchronyMember;
import java.util.ArrayList;
import java.util.List;

/**
 * Synchrony's ordered multicast through the Java API ({@link OrderedMulticast#publish}, a listener per member),
 * one service of any catalog multicast algorithm: a {@code causal} service for {@code causal-order}, else a
 * {@code total-order} one.
 */
final class SynchronyMulticast implements MulticastGroup {

    private final SynchronyCluster cluster;
    private final List<OrderedMulticast> multicasts = new ArrayList<>();
    private final boolean totalOrder;
    private final java.util.concurrent.atomic.AtomicReference<Throwable> failure =
            new java.util.concurrent.atomic.AtomicReference<>();

    SynchronyMulticast(int size, String security, String algorithm, Deliveries deliveries) throws Exception {
        String kind = algorithm.contains("causal") ? "causal" : "total-order";
        this.totalOrder = kind.equals("total-order");
        this.cluster = SynchronyCluster.join(size, security, "bench", kind, algorithm);
        for (int i = 0; i < size; i++) {
            SynchronyMember member = cluster.members.get(i);
            OrderedMulticast multicast = totalOrder ? member.totalOrder("bench") : member.causal("bench");
            int index = i;
            multicast.addListener((origin, sequence, payload) -> deliveries.delivered(index, payload));
            multicasts.add(multicast);
        }
    }

    @Override
    public int size() {
        return multicasts.size();
    }

    @Override
    public void publish(int member, byte[] payload) {
        Throwable failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("publish failed: " + failed, failed);
        }
        multicasts.get(member).publish(payload).whenComplete((done, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
    }

    @Override
    public boolean totalOrder() {
        return totalOrder;
    }

    @Override
    public long retransmissions() {
        return cluster.retransmissions();
    }

    @Override
    public long retransmittedFrames() {
        return cluster.retransmittedFrames();
    }

    @Override
    public long spuriousRetransmissions() {
        return cluster.spuriousRetransmissions();
    }

    @Override
    public void close() {
        cluster.close();
    }
}
