package dev.synchrony.catalog;

import dev.synchrony.core.Node;
import dev.synchrony.link.LinkConfig;
import dev.synchrony.link.ReliableFifoLink;
import java.util.List;

/**
 * Whether the reliable FIFO link layer ({@link ReliableFifoLink}) wraps an algorithm's node, decided here and
 * nowhere else: the simulator, the cluster runner and the Java API all build nodes through
 * {@link Algorithm#newNode}, which applies the algorithm's policy to the environment's network.
 */
public enum LinkPolicy {

    /**
     * The algorithm runs on the raw network where messages may be lost or reordered: it is studied there (clocks,
     * the Two Generals) or tolerates it by its own timeouts (an election on a failure detector). Only where
     * connections break and come back (the network runtime, when asked) is it wrapped, so that nothing is lost or
     * doubled while a connection is re-established.
     */
    RAW_NETWORK,

    /**
     * The algorithm assumes reliable channels (the lecture says so of Ricart-Agrawala; every mutex needs it as
     * much): wrapped when the network is faulty or connections may break. On a fault-free network it runs bare,
     * so that message counts are the algorithm's own (the cost tables compare those).
     */
    RELIABLE_CHANNELS,

    /**
     * The algorithm's {@code --link reliable|raw} option decides (reliable by default), with the link's settings
     * from its options ({@link #OPTIONS}): the multicasts, which show what goes wrong without the link.
     */
    LINK_OPTION;

    /**
     * The link's settings for algorithms that do not choose their own: the default backoff grows to 1 s between
     * retransmissions, and a lock waiting on a lost release then stalls every process for that long (seed 5853 of
     * the decentralized sweep left a request ungranted at the end of the run that way). Capped at 100 ms, ten
     * times the simulator's default maximum latency, a few losses in a row cost a few hundred milliseconds at most;
     * over TCP, where retransmissions only matter across a reconnect, a request does not stall long after a link
     * comes back.
     */
    public static final LinkConfig CAPPED = LinkConfig.DEFAULT.withMaxRetransmitNanos(100_000_000L);

    /** The options of {@link #LINK_OPTION} algorithms. */
    public static final List<ParamSpec> OPTIONS = List.of(
            ParamSpec.choice(
                    "link",
                    "reliable",
                    "reliable: run over the reliable FIFO link layer; raw: straight on "
                            + "the simulated network (shows what goes wrong without it)",
                    "reliable",
                    "raw"),
            ParamSpec.of(
                    "retransmit",
                    "25ms",
                    "link: retransmission wait until a round trip is measured (then "
                            + "SRTT + 4 RTTVAR; doubles while no progress)"),
            ParamSpec.of("min-retransmit", "5ms", "link: floor of the estimated retransmission wait"),
            ParamSpec.of("max-retransmit", "1s", "link: bound of the retransmission backoff"),
            ParamSpec.of("max-retransmissions", "16", "link: rounds without progress before giving up on a peer"),
            ParamSpec.of("window", "64", "link: unacknowledged messages in flight per peer"));

    /**
     * {@code node}, over the link layer when this policy says so in {@code environment}.
     *
     * @param node the algorithm's node
     * @param environment what the node is built for
     * @return the node, wrapped in a reliable FIFO link or bare
     */
    public Node<?, ?, ?> apply(Node<?, ?, ?> node, Environment environment) {
        LinkConfig link = link(environment);
        return link == null ? node : ReliableFifoLink.over(node, link);
    }

    /**
     * The link's settings in {@code environment}, or null when the node runs bare.
     *
     * @param environment what the node is built for
     * @return the link's settings, or null
     */
    public LinkConfig link(Environment environment) {
        NetworkAssumptions network = environment.network();
        return switch (this) {
            case RAW_NETWORK -> network.reconnects() ? CAPPED : null;
            case RELIABLE_CHANNELS -> network.faulty() || network.reconnects() ? CAPPED : null;
            case LINK_OPTION ->
                environment.params().string("link").equals("reliable") ? optionConfig(environment.params()) : null;
        };
    }

    /** The link settings of the {@link #OPTIONS}, each checked. */
    static LinkConfig optionConfig(Params params) {
        long first = params.durationNanos("retransmit");
        long max = params.durationNanos("max-retransmit");
        if (first <= 0) {
            throw new IllegalArgumentException("--retransmit: must be positive");
        }
        if (max < first) {
            throw new IllegalArgumentException("--max-retransmit: must be at least --retransmit");
        }
        long floor = params.durationNanos("min-retransmit");
        if (floor <= 0 || floor > max) {
            throw new IllegalArgumentException("--min-retransmit: must be positive and at most --max-retransmit");
        }
        int rounds = params.integer("max-retransmissions");
        int window = params.integer("window");
        if (rounds < 1) {
            throw new IllegalArgumentException("--max-retransmissions: must be at least 1");
        }
        if (window < 1) {
            throw new IllegalArgumentException("--window: must be at least 1");
        }
        return new LinkConfig(first, max, 2.0, rounds, window, floor);
    }
}
