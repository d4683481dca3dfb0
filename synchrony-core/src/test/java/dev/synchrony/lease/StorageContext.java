package dev.synchrony.lease;

import dev.synchrony.core.InMemoryStableStorage;
import dev.synchrony.core.NodeId;
import dev.synchrony.core.StableStorage;
import dev.synchrony.testing.TestContext;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-driven context with stable storage: it keeps what the node sent, set, delivered and recorded, and its
 * storage outlives the node, so a test restarts a member by starting a new {@link LeaseLock} on the same context.
 */
final class StorageContext extends TestContext<LeaseLock.Message, LeaseLock.Timer> {

    record Sent(NodeId to, LeaseLock.Message message) {}

    final InMemoryStableStorage storage = new InMemoryStableStorage();
    final List<Sent> sent = new ArrayList<>();
    final List<LeaseLock.Timer> timers = new ArrayList<>();
    final List<Object> delivered = new ArrayList<>();
    final List<Object> recorded = new ArrayList<>();

    StorageContext(String self, List<NodeId> members) {
        super(NodeId.of(self), members, 11);
    }

    void clear() {
        sent.clear();
        delivered.clear();
        recorded.clear();
    }

    /** A crash: the volatile record of pending timers goes with the process; the storage stays. */
    void crash() {
        clear();
        timers.clear();
    }

    List<LeaseLock.Message> sentTo(String node) {
        return sent.stream()
                .filter(s -> s.to().equals(NodeId.of(node)))
                .map(Sent::message)
                .toList();
    }

    <X> List<X> sent(Class<X> type) {
        return sent.stream()
                .map(Sent::message)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    @Override
    public StableStorage stableStorage() {
        return storage;
    }

    @Override
    public void send(NodeId to, LeaseLock.Message message) {
        sent.add(new Sent(to, message));
    }

    @Override
    public void setTimer(LeaseLock.Timer timer, long delayNanos) {
        timers.add(timer);
    }

    @Override
    public void cancelTimer(LeaseLock.Timer timer) {
        timers.removeIf(timer::equals);
    }

    @Override
    public void deliver(Object output) {
        delivered.add(output);
    }

    @Override
    public void record(Object event) {
        recorded.add(event);
    }
}
