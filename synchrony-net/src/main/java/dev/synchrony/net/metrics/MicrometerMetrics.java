package dev.synchrony.net.metrics;

import dev.synchrony.core.NodeId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link RuntimeMetrics} into a Micrometer {@link MeterRegistry} (JMX, Prometheus, ... through the registry the
 * application chooses). Every meter is tagged with the {@code member}; the meters:
 * <ul>
 *   <li>{@code synchrony.messages.sent}, {@code synchrony.messages.received}: counters per {@code service} and
 *       {@code peer};
 *   <li>{@code synchrony.link.retransmissions}: counter per {@code service} and {@code peer};
 *   <li>{@code synchrony.frame.size}: distribution summary of data frames in bytes, per {@code direction}
 *       ({@code out}, {@code in});
 *   <li>{@code synchrony.lock.grants} (counter), {@code synchrony.lock.wait} (timer from asking to the grant),
 *       {@code synchrony.lock.withdrawn}, {@code synchrony.lock.lost}, {@code synchrony.lock.lease.expired}
 *       (counters: losses, and the losses because a lease ran out on the holder's clock), per {@code lock};
 *   <li>{@code synchrony.election.leader.changes} (counter) and {@code synchrony.election.term} (gauge), per
 *       {@code election}.
 * </ul>
 * Meters are looked up once per tag set and cached, so the counting on the event loops allocates nothing.
 */
public final class MicrometerMetrics implements RuntimeMetrics {

    private final MeterRegistry registry;
    private final String member;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> terms = new ConcurrentHashMap<>();
    private final DistributionSummary framesOut;
    private final DistributionSummary framesIn;

    public MicrometerMetrics(MeterRegistry registry, NodeId member) {
        this.registry = registry;
        this.member = member.name();
        this.framesOut = frameSummary("out");
        this.framesIn = frameSummary("in");
    }

    private DistributionSummary frameSummary(String direction) {
        return DistributionSummary.builder("synchrony.frame.size")
                .baseUnit("bytes")
                .description("data frames between members, length prefix included")
                .tags("member", member, "direction", direction)
                .register(registry);
    }

    private Counter counter(String name, String tagKey, String tagValue) {
        return counters.computeIfAbsent(
                name + '|' + tagKey + '|' + tagValue,
                key -> Counter.builder(name)
                        .tags("member", member, tagKey, tagValue)
                        .register(registry));
    }

    private Counter linkCounter(String name, String service, NodeId peer) {
        return counters.computeIfAbsent(
                name + '|' + service + '|' + peer.name(),
                key -> Counter.builder(name)
                        .tags("member", member, "service", service, "peer", peer.name())
                        .register(registry));
    }

    @Override
    public void messageSent(String service, NodeId peer) {
        linkCounter("synchrony.messages.sent", service, peer).increment();
    }

    @Override
    public void messageReceived(String service, NodeId peer) {
        linkCounter("synchrony.messages.received", service, peer).increment();
    }

    @Override
    public void retransmission(String service, NodeId peer) {
        linkCounter("synchrony.link.retransmissions", service, peer).increment();
    }

    @Override
    public void spuriousRetransmission(String service, NodeId peer, int copies) {
        linkCounter("synchrony.link.retransmissions.spurious", service, peer).increment(copies);
    }

    @Override
    public void frame(boolean outgoing, int bytes) {
        (outgoing ? framesOut : framesIn).record(bytes);
    }

    @Override
    public void lockGranted(String lock, long waitNanos) {
        counter("synchrony.lock.grants", "lock", lock).increment();
        timers.computeIfAbsent(
                        lock,
                        name -> Timer.builder("synchrony.lock.wait")
                                .description("from asking for the lock to its grant")
                                .tags("member", member, "lock", name)
                                .register(registry))
                .record(waitNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void lockWithdrawn(String lock) {
        counter("synchrony.lock.withdrawn", "lock", lock).increment();
    }

    @Override
    public void lockLost(String lock) {
        counter("synchrony.lock.lost", "lock", lock).increment();
    }

    @Override
    public void leaseExpired(String lock) {
        counter("synchrony.lock.lease.expired", "lock", lock).increment();
    }

    @Override
    public void leaderChanged(String election, NodeId leader, long term) {
        counter("synchrony.election.leader.changes", "election", election).increment();
        terms.computeIfAbsent(election, name -> {
                    AtomicLong value = new AtomicLong();
                    Gauge.builder("synchrony.election.term", value, AtomicLong::get)
                            .tags("member", member, "election", name)
                            .register(registry);
                    return value;
                })
                .set(term);
    }
}
