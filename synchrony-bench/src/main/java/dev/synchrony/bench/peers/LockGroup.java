package dev.synchrony.bench.peers;

/**
 * A few members of one system sharing one lock, as {@link LockWorkload} drives them. Each member's {@link Locker}
 * is used by one thread at a time (Hazelcast's and Curator's locks belong to the thread that took them).
 */
interface LockGroup extends AutoCloseable {

    /** Takes and gives back the group's lock at one member, blocking until granted. */
    interface Locker {
        void lock() throws Exception;

        void unlock() throws Exception;
    }

    int size();

    Locker locker(int member);

    /** The member the uncontended figures are taken at: one that does not coordinate the lock, where known. */
    int requester();

    /** What {@link #requester()} is to the lock (e.g. a Raft follower), as far as the system lets us know. */
    String requesterRole();

    @Override
    void close() throws Exception;
}
