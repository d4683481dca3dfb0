package dev.synchrony.catalog;

import dev.synchrony.core.Node;
import dev.synchrony.link.LinkProbe;
import dev.synchrony.multicast.CausalOrderMulticast;
import dev.synchrony.multicast.ReplicatedAccount;
import dev.synchrony.multicast.SequencerTotalOrderMulticast;
import dev.synchrony.multicast.TotalOrderMulticast;
import dev.synchrony.multicast.UnorderedMulticast;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog's entries for the reliable FIFO link, the ordered multicasts and the replicated bank account: all
 * run over the link layer unless {@code --link raw} (see {@link LinkPolicy#LINK_OPTION}).
 */
public final class MulticastEntries {

    private MulticastEntries() {}

    static List<Algorithm> all() {
        return List.of(fifoLink(), totalOrder(), sequencerTotalOrder(), causalOrder(), bank());
    }

    /** The publishing workload's options, then the link's. */
    private static List<ParamSpec> publishing(String rateDescription, String untilDescription, String rate) {
        List<ParamSpec> params = new ArrayList<>();
        params.add(ParamSpec.of("rate", rate, rateDescription));
        params.add(ParamSpec.of("send-until", "0.6", untilDescription));
        params.addAll(LinkPolicy.OPTIONS);
        return params;
    }

    static Algorithm fifoLink() {
        return Algorithm.builder("fifo-link", Family.LINK)
                .description(
                        "reliable FIFO links (sequence numbers, acks, retransmission with backoff) over a faulty network")
                .params(publishing(
                        "messages each process sends per virtual second (random peers)",
                        "fraction of the run during which messages are sent (the rest drains)",
                        "20"))
                .node((id, env) -> new LinkProbe())
                .linkPolicy(LinkPolicy.LINK_OPTION)
                .build();
    }

    /**
     * The lecture's total and causal order over the reliable link: the link retransmits across loss, duplication,
     * partitions and pauses, and a crash without recovery leaves the survivors in agreement (total order then waits
     * for the dead process's acknowledgement). Not crash with recovery: a restarted process starts its Lamport or
     * vector clock again at zero and the others take its new messages for old ones (docs/multicast.md).
     */
    private static final FaultClass[] MULTICAST_OVER_THE_LINK = {
        FaultClass.CRASH,
        FaultClass.LOSS,
        FaultClass.DUPLICATION,
        FaultClass.PARTITION,
        FaultClass.PAUSE,
        FaultClass.DRIFT
    };

    /**
     * The lecture's total order ({@link TotalOrderMulticast}). {@code max-batch} 1 sends every update and
     * acknowledgement at once, the lecture step by step; above 1 a turn's publications travel in one update and its
     * acknowledgements in one message at most (the same order, fewer messages).
     */
    static Algorithm totalOrder() {
        List<ParamSpec> params = publishing(
                "multicasts each process starts per virtual second",
                "fraction of the run during which processes multicast (the rest drains)",
                "5");
        params.add(ParamSpec.of(
                "max-batch", "256", "most messages one update carries (1: every update and acknowledgement at once)"));
        params.add(ParamSpec.of(
                "batch-delay",
                "0ms",
                "how long the first message or acknowledgement of a batch waits for others (0: end of the turn)"));
        return Algorithm.builder("total-order", Family.MULTICAST)
                .description(
                        "totally ordered multicast: Lamport-timestamped queue, acknowledgements to all (over reliable FIFO links)")
                .params(params)
                .tolerates(MULTICAST_OVER_THE_LINK)
                .node((id, env) ->
                        new TotalOrderMulticast(maxBatch(env), env.params().durationNanos("batch-delay")))
                .linkPolicy(LinkPolicy.LINK_OPTION)
                .build();
    }

    private static int maxBatch(Environment env) {
        int maxBatch = env.params().integer("max-batch");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("--max-batch: " + maxBatch + " is below 1");
        }
        return maxBatch;
    }

    /**
     * Total order through a fixed sequencer ({@link SequencerTotalOrderMulticast}). Its fault model: loss and
     * duplication (the link layer), drift (it reads no clock); not crashes, because the sequencer's crash stops
     * delivery everywhere (the survivors stay in agreement, but the class cannot say which process crashed).
     */
    static Algorithm sequencerTotalOrder() {
        List<ParamSpec> params = publishing(
                "multicasts each process starts per virtual second",
                "fraction of the run during which processes multicast (the rest drains)",
                "5");
        params.add(ParamSpec.of("sequencer", "", "the process that numbers every message (default: the first)"));
        params.add(ParamSpec.of("max-batch", "256", "most messages one submission or one order carries"));
        params.add(ParamSpec.of(
                "batch-delay", "0ms", "how long the first message of a batch waits for others (0: end of the turn)"));
        return Algorithm.builder("sequencer-total-order", Family.MULTICAST)
                .description(
                        "totally ordered multicast through a fixed sequencer that numbers batches of messages (over reliable FIFO links)")
                .params(params)
                .tolerates(FaultClass.LOSS, FaultClass.DUPLICATION, FaultClass.DRIFT)
                .node((id, env) -> new SequencerTotalOrderMulticast(
                        env.memberOption("sequencer"),
                        maxBatch(env),
                        env.params().durationNanos("batch-delay")))
                .linkPolicy(LinkPolicy.LINK_OPTION)
                .build();
    }

    /**
     * The lecture's causal order ({@link CausalOrderMulticast}); a process's multicasts of one turn travel in one
     * batch (exact timestamps, see the class), {@code max-batch 1} sends each on its own as the lecture draws it.
     */
    static Algorithm causalOrder() {
        List<ParamSpec> params = publishing(
                "multicasts each process starts per virtual second",
                "fraction of the run during which processes multicast (the rest drains)",
                "5");
        params.add(ParamSpec.of(
                "max-batch", "256", "most multicasts one message carries (1: each sent at once, on its own)"));
        params.add(ParamSpec.of(
                "batch-delay", "0ms", "how long the first multicast of a batch waits for others (0: end of the turn)"));
        return Algorithm.builder("causal-order", Family.MULTICAST)
                .description(
                        "causally ordered multicast: vector timestamps, postponed until ts(m)[i] = VC[i]+1 and ts(m)[k] <= VC[k]")
                .params(params)
                .tolerates(MULTICAST_OVER_THE_LINK)
                .node((id, env) -> {
                    int maxBatch = env.params().integer("max-batch");
                    if (maxBatch < 1) {
                        throw new IllegalArgumentException("--max-batch: " + maxBatch + " is below 1");
                    }
                    return new CausalOrderMulticast(maxBatch, env.params().durationNanos("batch-delay"));
                })
                .linkPolicy(LinkPolicy.LINK_OPTION)
                .build();
    }

    /** The multicasts a replicated account can use, as {@code --ordering} names them. */
    public enum Ordering {
        /** Plain multicast: replicas apply updates as they arrive, and may diverge. */
        NONE,
        /** Causally ordered multicast (vector clocks). */
        CAUSAL,
        /** Totally ordered multicast (Lamport clocks): every replica applies the same order. */
        TOTAL
    }

    /**
     * The {@code --ordering} option.
     *
     * @param params the resolved options
     * @return the ordering it names
     */
    public static Ordering ordering(Params params) {
        return Ordering.valueOf(params.string("ordering").toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * The {@code --opening} balance of the replicated account, in cents.
     *
     * @param params the resolved options
     * @return the balance in cents
     * @throws IllegalArgumentException when it is not an amount with at most two decimals
     */
    public static long openingCents(Params params) {
        try {
            return new BigDecimal(params.string("opening").trim())
                    .movePointRight(2)
                    .longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--opening: '" + params.string("opening") + "' is not an amount in dollars and cents");
        }
    }

    static Algorithm bank() {
        List<ParamSpec> params = new ArrayList<>();
        params.add(ParamSpec.choice("ordering", "total", "the multicast the replicas use", "none", "causal", "total"));
        params.add(ParamSpec.of("replicas", "", "number of replicas (the same as --nodes)"));
        params.add(ParamSpec.of("opening", "1000", "opening balance in dollars"));
        params.add(ParamSpec.of("rate", "5", "updates each replica publishes per virtual second"));
        params.add(ParamSpec.of("send-until", "0.6", "fraction of the run during which updates are published"));
        params.add(
                ParamSpec.of("deposit-probability", "0.5", "chance that a random update is a deposit (else interest)"));
        params.addAll(LinkPolicy.OPTIONS);
        return Algorithm.builder("bank", Family.REPLICATION)
                .description(
                        "the lecture's replicated bank account ($1000, +$100 and +1%) with --ordering none|causal|total")
                .params(params)
                .defaultNodes(2)
                .node((id, env) -> {
                    Params p = env.params();
                    String replicas = p.string("replicas").trim();
                    if (!replicas.isEmpty()
                            && !replicas.equals(Integer.toString(env.members().size()))) {
                        throw new IllegalArgumentException("--replicas " + replicas + ": the run has "
                                + env.members().size() + " processes (--nodes)");
                    }
                    long opening = openingCents(p);
                    Node<?, ?, ?> replica = switch (ordering(p)) {
                        case NONE -> ReplicatedAccount.over(new UnorderedMulticast(), opening);
                        case CAUSAL -> ReplicatedAccount.over(new CausalOrderMulticast(), opening);
                        case TOTAL -> ReplicatedAccount.over(new TotalOrderMulticast(), opening);
                    };
                    return replica;
                })
                .linkPolicy(LinkPolicy.LINK_OPTION)
                .build();
    }
}
