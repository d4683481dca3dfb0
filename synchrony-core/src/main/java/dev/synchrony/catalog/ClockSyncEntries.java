package dev.synchrony.catalog;

import dev.synchrony.clocksync.BerkeleyMachine;
import dev.synchrony.clocksync.BerkeleyTimeDaemon;
import dev.synchrony.clocksync.ClockCorrection;
import dev.synchrony.clocksync.NtpClient;
import dev.synchrony.clocksync.NtpTimeServer;
import dev.synchrony.core.NodeId;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog's entries for physical clock synchronization (NTP, Berkeley), and the readings of their options
 * that harnesses share with the node factories (the resync period, the correction, the server).
 */
public final class ClockSyncEntries {

    /** Options both algorithms have. */
    static final List<ParamSpec> COMMON = List.of(
            ParamSpec.of("slew", "auto", "how long a correction is slewed over (auto: a quarter of the resync period)"),
            ParamSpec.of(
                    "step-threshold", "128ms", "corrections larger than this are stepped, not slewed (NTP's 128ms)"),
            ParamSpec.of(
                    "delta", "10ms", "the precision wanted: the lecture's rule asks for a resync every delta/(2 rho)"),
            ParamSpec.of("sample", "auto", "how often the observer reads every clock (auto: 200 readings per run)"),
            ParamSpec.of(
                    "wander",
                    "0",
                    "drift shape: 0 for constant rates; a period P for rates swinging through"
                            + " [1-rho, 1+rho] as 1 + rho sin(2 pi t / P' + phase), P' drawn in [P/2, 2P]"));

    private ClockSyncEntries() {}

    static List<Algorithm> all() {
        return List.of(ntp(), berkeley());
    }

    static Algorithm ntp() {
        List<ParamSpec> params = new ArrayList<>();
        params.add(ParamSpec.of(
                "poll",
                "1s",
                "how often each client polls the server, on its own clock (0: only when a script says poll)"));
        params.add(ParamSpec.of("server", "first", "the time server (first: the first process)"));
        params.add(ParamSpec.of(
                "processing", "0", "the server's time between a request's arrival (T2) and its reply (T3)"));
        params.add(ParamSpec.choice(
                "server-clock",
                "reference",
                "reference: the server is a UTC receiver (rate 1, offset 0); drifting: it drifts like the others",
                "reference",
                "drifting"));
        params.addAll(COMMON);
        return Algorithm.builder("ntp", Family.CLOCK_SYNC)
                .description(
                        "NTP: clients poll a time server (T1..T4, offset and delay), clock filter of 8, slew; skew checked against the bound")
                .params(params)
                .defaultNodes(4)
                .node((id, env) -> {
                    if (id.equals(ntpServer(env))) {
                        return new NtpTimeServer(duration(env.params(), "processing", 0));
                    }
                    long poll = pollNanos(env);
                    ClockCorrection correction = correction(env, poll > 0 ? poll : 1_000_000_000L);
                    double filterDrift = env.network().driftRho() * (referenceServer(env) ? 1 : 2);
                    return new NtpClient(new NtpClient.Config(ntpServer(env), poll, correction, filterDrift));
                })
                .build();
    }

    static Algorithm berkeley() {
        List<ParamSpec> params = new ArrayList<>();
        params.add(ParamSpec.of(
                "round", "1s", "time between the daemon's rounds, on its clock (0: only when a script says poll)"));
        params.add(ParamSpec.of(
                "round-timeout", "auto", "how long the daemon waits for answers (auto: a quarter of the round)"));
        params.add(ParamSpec.of("agreement", "50ms", "clocks further apart than this are not averaged together"));
        params.add(ParamSpec.of("daemon", "first", "the time daemon (first: the first process)"));
        params.addAll(COMMON);
        return Algorithm.builder("berkeley", Family.CLOCK_SYNC)
                .description(
                        "Berkeley: a time daemon polls every machine, fault-tolerant average, relative adjustments slewed in")
                .params(params)
                .defaultNodes(4)
                .node((id, env) -> {
                    if (id.equals(env.memberOption("daemon"))) {
                        long agreement = duration(env.params(), "agreement", 0);
                        return new BerkeleyTimeDaemon(new BerkeleyTimeDaemon.Config(
                                roundNanos(env), roundTimeoutNanos(env), agreement, berkeleyCorrection(env)));
                    }
                    return new BerkeleyMachine(berkeleyCorrection(env));
                })
                .build();
    }

    /**
     * A duration option where "auto" means {@code fallback} and 0 is allowed.
     *
     * @param params the resolved options
     * @param name the option's name
     * @param fallback what "auto" stands for, in nanoseconds
     * @return the duration in nanoseconds
     * @throws IllegalArgumentException when the value is negative or not a duration
     */
    public static long duration(Params params, String name, long fallback) {
        String text = params.string(name).trim();
        if (text.equals("auto")) {
            return fallback;
        }
        if (text.equals("0")) {
            return 0;
        }
        long value = params.durationNanos(name);
        if (value < 0) {
            throw new IllegalArgumentException("--" + name + ": must not be negative");
        }
        return value;
    }

    /**
     * How corrections are applied when clocks resynchronize every {@code resyncPeriodNanos}.
     *
     * @param env the environment the node is built for
     * @param resyncPeriodNanos how often the clocks are corrected (a quarter of it is the default slew)
     * @return the slew period and step threshold
     * @throws IllegalArgumentException when the slew is not positive
     */
    public static ClockCorrection correction(Environment env, long resyncPeriodNanos) {
        long slew = duration(env.params(), "slew", Math.max(1, resyncPeriodNanos / 4));
        if (slew <= 0) {
            throw new IllegalArgumentException("--slew: must be positive");
        }
        return new ClockCorrection(slew, duration(env.params(), "step-threshold", 0));
    }

    /**
     * NTP's time server.
     *
     * @param env the environment the node is built for
     * @return the member the {@code server} option names
     */
    public static NodeId ntpServer(Environment env) {
        return env.memberOption("server");
    }

    /**
     * NTP's poll interval (0: only when a script says poll).
     *
     * @param env the environment the node is built for
     * @return the interval in nanoseconds
     */
    public static long pollNanos(Environment env) {
        return duration(env.params(), "poll", 1_000_000_000L);
    }

    /**
     * How long a server takes between receiving a request and answering it (NTP's T2 to T3).
     *
     * @param env the environment the node is built for
     * @return the processing time in nanoseconds
     */
    public static long processingNanos(Environment env) {
        return duration(env.params(), "processing", 0);
    }

    /**
     * Whether NTP's server is a reference clock (a UTC receiver) rather than a drifting one.
     *
     * @param env the environment the node is built for
     * @return true for a reference clock
     */
    public static boolean referenceServer(Environment env) {
        return env.params().string("server-clock").equals("reference");
    }

    /**
     * Berkeley's time daemon.
     *
     * @param env the environment the node is built for
     * @return the member the {@code daemon} option names
     */
    public static NodeId daemon(Environment env) {
        return env.memberOption("daemon");
    }

    /**
     * Berkeley's round period (0: only when a script says poll).
     *
     * @param env the environment the node is built for
     * @return the period in nanoseconds
     */
    public static long roundNanos(Environment env) {
        return duration(env.params(), "round", 1_000_000_000L);
    }

    /**
     * How long Berkeley's daemon waits for the clock readings of a round before it averages those it has.
     *
     * @param env the environment the node is built for
     * @return the timeout in nanoseconds (a quarter of the round by default)
     * @throws IllegalArgumentException when it is not positive
     */
    public static long roundTimeoutNanos(Environment env) {
        long round = roundNanos(env);
        long timeout = duration(env.params(), "round-timeout", Math.max(1, (round > 0 ? round : 1_000_000_000L) / 4));
        if (timeout <= 0) {
            throw new IllegalArgumentException("--round-timeout: must be positive");
        }
        return timeout;
    }

    /**
     * How the Berkeley members apply the daemon's corrections.
     *
     * @param env the environment the node is built for
     * @return the slew period and step threshold, for a resynchronization every round
     */
    public static ClockCorrection berkeleyCorrection(Environment env) {
        long round = roundNanos(env);
        return correction(env, round > 0 ? round : 1_000_000_000L);
    }
}
