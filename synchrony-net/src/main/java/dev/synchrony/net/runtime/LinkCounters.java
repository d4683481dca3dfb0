package dev.synchrony.net.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a member's connections counted, for operators and tests: refusals, bad frames, frames dropped while a
 * link was down, frames sent and received. Shared by the connection, handshake and framing classes, which run on
 * several event loops, hence atomics.
 */
final class LinkCounters {

    final AtomicLong refused = new AtomicLong();
    final AtomicLong badFrames = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong framesSent = new AtomicLong();
    final AtomicLong framesReceived = new AtomicLong();
}
