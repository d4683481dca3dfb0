package dev.synchrony.catalog;

import dev.synchrony.core.NodeId;
import dev.synchrony.election.BullyElection;
import dev.synchrony.lease.LeaseLock;
import dev.synchrony.lease.LeaseSettings;
import dev.synchrony.mutex.CentralizedMutex;
import dev.synchrony.mutex.DecentralizedMutex;
import dev.synchrony.mutex.FailoverMutex;
import dev.synchrony.mutex.RicartAgrawalaMutex;
import dev.synchrony.mutex.TokenRingMutex;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog's entries for mutual exclusion. Every one assumes reliable channels
 * ({@link LinkPolicy#RELIABLE_CHANNELS}) and takes the same request workload's options first.
 */
public final class MutexEntries {

    /** The request workload every mutex shares. */
    static final List<ParamSpec> WORKLOAD = List.of(
            ParamSpec.of("rate", "2", "requests per process per virtual second of thinking (0: scripted only)"),
            ParamSpec.of("hold", "20ms", "mean time a process holds the resource"),
            ParamSpec.of("hold-spread", "0.5", "hold times are uniform in hold * [1 - spread, 1 + spread]"),
            ParamSpec.of("quiet", "1s", "no new request in the last QUIET of the run, so every request can finish"));

    private MutexEntries() {}

    static List<Algorithm> all() {
        return List.of(centralized(), decentralized(), ricartAgrawala(), tokenRing(), failover(), leaseLock());
    }

    /** A mutex entry: the workload's options, then its own; over reliable channels. */
    static Algorithm.Builder mutex(String name, String description, List<ParamSpec> own) {
        List<ParamSpec> params = new ArrayList<>(WORKLOAD);
        params.addAll(own);
        return Algorithm.builder(name, Family.MUTEX)
                .description(description)
                .params(params)
                .linkPolicy(LinkPolicy.RELIABLE_CHANNELS);
    }

    static Algorithm centralized() {
        return mutex(
                        "central-mutex",
                        "centralized mutual exclusion: a coordinator grants, queues, and grants the next on release",
                        List.of(ParamSpec.of("coordinator", "", "the coordinating process (default: the first)")))
                .tolerates(FaultClass.LOSS, FaultClass.DUPLICATION, FaultClass.DRIFT)
                .node((id, env) -> new CentralizedMutex(env.memberOption("coordinator")))
                .build();
    }

    static Algorithm decentralized() {
        return mutex(
                        "decentral-mutex",
                        "decentralized voting: m > n/2 of n replica coordinators must vote; coordinators may reset",
                        List.of(
                                ParamSpec.of("quorum", "", "m, the votes needed (default: a bare majority)"),
                                ParamSpec.of("backoff", "5ms", "base of the random backoff after a failed attempt"),
                                ParamSpec.of(
                                        "reset-mean",
                                        "0",
                                        "mean time between resets of each coordinator, which then "
                                                + "forgets its vote (0: never)")))
                .defaultNodes(5)
                .tolerates(FaultClass.LOSS, FaultClass.DUPLICATION, FaultClass.DRIFT)
                .node((id, env) -> {
                    String reset = env.params().string("reset-mean").trim();
                    long resetMean = reset.equals("0") ? 0 : env.params().durationNanos("reset-mean");
                    return new DecentralizedMutex(quorum(env), env.params().durationNanos("backoff"), resetMean);
                })
                .build();
    }

    /** The decentralized algorithm's m: given, or a bare majority; n/2 &lt; m &lt;= n. */
    public static int quorum(Environment env) {
        String given = env.params().string("quorum").trim();
        int n = env.members().size();
        int quorum = given.isEmpty() ? n / 2 + 1 : env.params().integer("quorum");
        if (quorum <= n / 2.0 || quorum > n) {
            throw new IllegalArgumentException("--quorum: m=" + quorum + " must satisfy n/2 < m <= n (n=" + n + ")");
        }
        return quorum;
    }

    static Algorithm ricartAgrawala() {
        return mutex(
                        "ricart-agrawala",
                        "Ricart-Agrawala: requests stamped (Lamport time, id) to all; OK, queue, or lowest timestamp wins",
                        List.of(ParamSpec.of(
                                "initial-clocks",
                                "",
                                "Lamport clocks at the start, e.g. 0=7,2=11 "
                                        + "(the history before the run; default all 0)")))
                .tolerates(FaultClass.LOSS, FaultClass.DUPLICATION, FaultClass.DRIFT)
                .node((id, env) -> new RicartAgrawalaMutex(initialClocks(env).getOrDefault(id, 0L)))
                .build();
    }

    static Map<NodeId, Long> initialClocks(Environment env) {
        Map<NodeId, Long> clocks = new LinkedHashMap<>();
        String text = env.params().string("initial-clocks").trim();
        if (text.isEmpty()) {
            return clocks;
        }
        for (String part : text.split(",")) {
            String[] pair = part.split("=");
            try {
                NodeId node = NodeId.of(pair[0].trim());
                if (pair.length != 2 || !env.members().contains(node)) {
                    throw new IllegalArgumentException("bad entry");
                }
                clocks.put(node, Long.parseLong(pair[1].trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "--initial-clocks: '" + part + "' is not PROCESS=CLOCK with a " + "member and a whole number");
            }
        }
        return clocks;
    }

    static Algorithm tokenRing() {
        return mutex(
                        "token-ring",
                        "token ring: one token circulates a logical ring; enter only while holding it",
                        List.of(
                                ParamSpec.choice(
                                        "regenerate",
                                        "false",
                                        "extension: detect a lost token (a crashed holder "
                                                + "or successor) by timeouts and regenerate it",
                                        "true",
                                        "false"),
                                ParamSpec.of(
                                        "ack-timeout",
                                        "2s",
                                        "with --regenerate: wait this long for a pass to be confirmed "
                                                + "(must exceed the worst delivery time, retransmissions included)"),
                                ParamSpec.of(
                                        "regenerate-timeout",
                                        "5s",
                                        "with --regenerate: regenerate the token when it has "
                                                + "not come by for this long (must exceed a round of the ring)")))
                // Regeneration survives a crash by timeouts, which a pause or a partition fools into a second token.
                .faultModel(params -> params.bool("regenerate")
                        ? EnumSet.of(
                                FaultClass.CRASH,
                                FaultClass.CRASH_RECOVERY,
                                FaultClass.LOSS,
                                FaultClass.DUPLICATION,
                                FaultClass.DRIFT)
                        : EnumSet.of(FaultClass.LOSS, FaultClass.DUPLICATION, FaultClass.DRIFT))
                .node((id, env) -> {
                    Params params = env.params();
                    if (!params.bool("regenerate")) {
                        return new TokenRingMutex();
                    }
                    return new TokenRingMutex(
                            true, params.durationNanos("ack-timeout"), params.durationNanos("regenerate-timeout"));
                })
                .build();
    }

    static Algorithm failover() {
        return mutex(
                        "failover-mutex",
                        "centralized mutual exclusion with an elected coordinator (bully) that survives its crash",
                        List.of(
                                ParamSpec.of("heartbeat", "50ms", "the coordinator's heartbeat interval"),
                                ParamSpec.of("detector-timeout", "400ms", "silence after which a process is suspected"),
                                ParamSpec.of(
                                        "answer-timeout", "100ms", "bully election: wait this long for a take-over"),
                                ParamSpec.of(
                                        "victory-timeout", "300ms", "bully election: wait this long for the victory"),
                                ParamSpec.of(
                                        "lost-timeout",
                                        "250ms",
                                        "a holder no coordinator backs for this long reports the "
                                                + "lock lost (keep it below the detector timeout minus a transit)")))
                // No quorum and no lease: a partition or a pause gives two coordinators that both grant.
                .tolerates(FaultClass.CRASH, FaultClass.LOSS, FaultClass.DUPLICATION, FaultClass.DRIFT)
                .node((id, env) -> {
                    Params params = env.params();
                    BullyElection.Settings settings = new BullyElection.Settings(
                            params.durationNanos("heartbeat"),
                            params.durationNanos("detector-timeout"),
                            params.durationNanos("answer-timeout"),
                            params.durationNanos("victory-timeout"),
                            true);
                    NodeId heaviest =
                            env.members().stream().max(NodeId::compareTo).orElseThrow();
                    return new FailoverMutex(id, settings, heaviest, params.durationNanos("lost-timeout"));
                })
                .build();
    }

    /**
     * {@code lease-lock}: majority terms with leader leases and grant leases (docs/lease-lock.md). It tolerates loss
     * and duplication by its own retries, so it runs on the raw network. It needs the runtime's stable storage.
     */
    static Algorithm leaseLock() {
        return mutex(
                        "lease-lock",
                        "partition- and pause-safe lock: a majority-elected leader grants under leases, "
                                + "with fencing tokens",
                        List.of(
                                ParamSpec.of(
                                        "heartbeat",
                                        "50ms",
                                        "the leader's heartbeat period (also retry and renewal tick)"),
                                ParamSpec.of(
                                        "leader-lease",
                                        "500ms",
                                        "L_leader: how long a member that heard the leader " + "votes for no other"),
                                ParamSpec.of(
                                        "election-timeout",
                                        "750ms",
                                        "silence before a follower stands, drawn from "
                                                + "[T, 2T); above the leader lease"),
                                ParamSpec.of(
                                        "grant-lease", "1s", "L_grant: how long the leader counts a grant as held"),
                                ParamSpec.of("margin", "5ms", "what a holder gives up at the end of each grant"),
                                ParamSpec.of("renew", "200ms", "how often a holder renews and a requester asks again"),
                                ParamSpec.of(
                                        "rho", "", "the drift bound the leases allow for (default: the run's --drift)"),
                                ParamSpec.of(
                                        "grace",
                                        "",
                                        "a new leader's wait before its first grant (default: L_leader + "
                                                + "L_grant; below L_grant it is unsafe, for negative controls)")))
                .defaultNodes(5)
                .linkPolicy(LinkPolicy.RAW_NETWORK)
                .needsStableStorage()
                // Majority terms and leases with margins for rho: safe under every fault class (clock steps are not
                // modelled).
                .tolerates(FaultClass.values())
                .node((id, env) -> new LeaseLock(leaseSettings(env)))
                .build();
    }

    /** The lease lock's settings from its options; {@code --rho} defaults to the drift the network assumes. */
    public static LeaseSettings leaseSettings(Environment env) {
        Params params = env.params();
        String rho = params.string("rho").trim();
        double bound = rho.isEmpty() ? env.network().driftRho() : params.decimal("rho");
        try {
            long leaderLease = params.durationNanos("leader-lease");
            long grantLease = params.durationNanos("grant-lease");
            String grace = params.string("grace").trim();
            return new LeaseSettings(
                    params.durationNanos("heartbeat"),
                    leaderLease,
                    params.durationNanos("election-timeout"),
                    grantLease,
                    params.durationNanos("margin"),
                    params.durationNanos("renew"),
                    bound,
                    grace.isEmpty() ? leaderLease + grantLease : params.durationNanos("grace"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("lease-lock: " + e.getMessage());
        }
    }
}
