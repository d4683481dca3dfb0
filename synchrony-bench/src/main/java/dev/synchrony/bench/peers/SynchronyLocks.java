package dev.synchrony.bench.peers;

import dev.synchrony.api.DistributedLock;
import dev.synchrony.api.Grant;

/**
 * Synchrony's lock through the Java API's blocking {@link DistributedLock#lock()}, one configured service of any
 * catalog mutual-exclusion algorithm. The uncontended figures are taken at the last member: for
 * {@code central-mutex}, whose coordinator is the first member, a grant costs a request and a grant on the wire.
 */
final class SynchronyLocks implements LockGroup {

    private final SynchronyCluster cluster;
    private final String algorithm;

    SynchronyLocks(int size, String security, String algorithm) throws Exception {
        this.algorithm = algorithm;
        this.cluster = SynchronyCluster.join(size, security, "bench-lock", "lock", algorithm);
    }

    @Override
    public int size() {
        return cluster.members.size();
    }

    @Override
    public Locker locker(int member) {
        DistributedLock lock = cluster.members.get(member).lock("bench-lock");
        return new Locker() {
            private Grant grant;

            @Override
            public void lock() throws InterruptedException {
                grant = lock.lock();
            }

            @Override
            public void unlock() {
                lock.unlock(grant);
                grant = null;
            }
        };
    }

    @Override
    public int requester() {
        return size() - 1;
    }

    @Override
    public String requesterRole() {
        return switch (algorithm) {
            case "central-mutex" -> "not the coordinator (n1)";
            case "ricart-agrawala", "token-ring", "decentral-mutex" -> "a member like the others";
            default -> "its role picked at run time (it may lead)";
        };
    }

    @Override
    public void close() {
        cluster.close();
    }
}
