package dev.synchrony.net.codec;

import java.lang.management.ManagementFactory;

/** Heap bytes the current thread allocates while running a piece of code (HotSpot's per-thread counter). */
final class Allocation {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocation() {}

    static boolean measurable() {
        return THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();
    }

    /** Bytes allocated by {@code action}; an exception it throws is swallowed (a refused frame still costs). */
    static long of(Runnable action) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            action.run();
        } catch (RuntimeException refused) {
            // Counted either way: what matters is what the attempt allocated.
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    /**
     * What a frame of {@code frameBytes} may make the decoder allocate in this test: the codec's own budget
     * ({@link Decoding}) with room for its estimates being low, plus the exception and stack trace of a refusal.
     */
    static long boundFor(int frameBytes) {
        return 48L * frameBytes + 1024 * 1024;
    }
}
