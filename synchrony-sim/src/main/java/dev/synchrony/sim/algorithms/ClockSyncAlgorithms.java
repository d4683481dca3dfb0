package dev.synchrony.sim.algorithms;

import dev.synchrony.sim.algorithms.clocksync.BerkeleySpec;
import dev.synchrony.sim.algorithms.clocksync.NtpSpec;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.util.List;

/** The simulator harnesses of physical clock synchronization: NTP and Berkeley. */
public final class ClockSyncAlgorithms {

    private ClockSyncAlgorithms() {
    }

    public static List<AlgorithmSpec> all() {
        return List.of(new NtpSpec(), new BerkeleySpec());
    }
}
