package dev.synchrony.catalog;

import dev.synchrony.core.Node;
import dev.synchrony.core.NodeId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * One algorithm of the catalog: what users call it, its family, its options, and how its node is assembled (the
 * algorithm's node from its factory, then the link layer as its {@link LinkPolicy} says). Built with
 * {@link #builder}.
 */
public final class Algorithm {

    private final String name;
    private final String description;
    private final Family family;
    private final List<ParamSpec> params;
    private final int defaultNodes;
    private final NodeFactory factory;
    private final NodeFactory recovered;
    private final LinkPolicy linkPolicy;
    private final boolean needsStableStorage;
    private final Function<Params, Set<FaultClass>> faultModel;

    private Algorithm(Builder builder) {
        this.name = builder.name;
        this.description = Objects.requireNonNull(builder.description, name + ": description");
        this.family = builder.family;
        this.params = List.copyOf(builder.params);
        this.defaultNodes = builder.defaultNodes;
        this.factory = Objects.requireNonNull(builder.factory, name + ": node factory");
        this.recovered = builder.recovered != null ? builder.recovered : builder.factory;
        this.linkPolicy = builder.linkPolicy;
        this.needsStableStorage = builder.needsStableStorage;
        this.faultModel = builder.faultModel;
        if (linkPolicy == LinkPolicy.LINK_OPTION
                && params.stream().noneMatch(p -> p.name().equals("link"))) {
            throw new IllegalArgumentException(name + ": a LINK_OPTION algorithm needs the link options");
        }
    }

    /**
     * Starts a catalog entry.
     *
     * @param name the name users type: lower-case words joined by '-'
     * @param family which family it belongs to, which decides its harnesses and checks
     * @return a builder; {@link Builder#build} makes the entry
     * @throws IllegalArgumentException when the name is not lower-case words joined by '-'
     */
    public static Builder builder(String name, Family family) {
        return new Builder(name, family);
    }

    /**
     * The name users type: {@code lamport}, {@code ricart-agrawala}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * One line for {@code synchrony list}.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * The family it belongs to: what a runtime or checker may expect of its nodes.
     *
     * @return the family
     */
    public Family family() {
        return family;
    }

    /**
     * Its options ({@code --ordering total}), with defaults, in the order {@code synchrony list} shows them.
     *
     * @return the options' specifications
     */
    public List<ParamSpec> params() {
        return params;
    }

    /**
     * Whether it has an option called {@code name}.
     *
     * @param name an option's name, without dashes
     * @return true when {@link #params()} has it
     */
    public boolean hasParam(String name) {
        return params.stream().anyMatch(p -> p.name().equals(name));
    }

    /**
     * How many processes a run has when the user does not say.
     *
     * @return the default number of nodes
     */
    public int defaultNodes() {
        return defaultNodes;
    }

    /**
     * When the reliable FIFO link layer goes under its nodes.
     *
     * @return the policy {@link #newNode} applies
     */
    public LinkPolicy linkPolicy() {
        return linkPolicy;
    }

    /**
     * Whether its nodes write to {@code Context.stableStorage()}: a runtime without it cannot host them.
     *
     * @return true when its nodes need stable storage
     */
    public boolean needsStableStorage() {
        return needsStableStorage;
    }

    /**
     * Whether the entry states its fault model; one that does not has every violation counted as real.
     *
     * @return true when the entry states one
     */
    public boolean statesFaultModel() {
        return faultModel != null;
    }

    /**
     * The faults it is meant to survive with these options (the token ring survives a crash only when it
     * regenerates its token). Unstated: every class, so that no violation is excused.
     *
     * @param params the options of the run
     * @return the fault classes it survives with them
     */
    public Set<FaultClass> faultModel(Params params) {
        return faultModel == null ? EnumSet.allOf(FaultClass.class) : Set.copyOf(faultModel.apply(params));
    }

    /**
     * The options given by name (without dashes), checked against {@link #params()} and completed by defaults.
     *
     * @param given the options' values by name, as typed
     * @return every option of the algorithm with its value
     * @throws IllegalArgumentException naming the option that is unknown or has a value outside its choices
     */
    public Params resolve(Map<String, String> given) {
        return Params.resolve(name, params, given);
    }

    /**
     * A fresh node for process {@code id}, over the link layer when the policy says so.
     *
     * @param id the process the node is
     * @param environment what it is built for: members, options, seed, network
     * @return the node
     */
    public Node<?, ?, ?> newNode(NodeId id, Environment environment) {
        return linkPolicy.apply(factory.create(id, environment), environment);
    }

    /**
     * The node a crashed process restarts with, its volatile state lost. Usually the same as a fresh one; an
     * algorithm whose first start presumes something (an initial coordinator) gives one that does not.
     *
     * @param id the process that recovers
     * @param environment what it is built for
     * @return the node it restarts with
     */
    public Node<?, ?, ?> recoveredNode(NodeId id, Environment environment) {
        return linkPolicy.apply(recovered.create(id, environment), environment);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Assembles an {@link Algorithm}; only the description and the node factory are required. */
    public static final class Builder {
        private final String name;
        private final Family family;
        private String description;
        private List<ParamSpec> params = List.of();
        private int defaultNodes = 3;
        private NodeFactory factory;
        private NodeFactory recovered;
        private LinkPolicy linkPolicy = LinkPolicy.RAW_NETWORK;
        private boolean needsStableStorage;
        private Function<Params, Set<FaultClass>> faultModel;

        private Builder(String name, Family family) {
            if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
                throw new IllegalArgumentException(
                        "algorithm name '" + name + "' is not lower-case words joined by '-'");
            }
            this.name = name;
            this.family = Objects.requireNonNull(family, "family");
        }

        /**
         * Sets the line {@code synchrony list} shows (required).
         *
         * @param description one line
         * @return this builder
         */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /**
         * Sets its options (none by default).
         *
         * @param params the options, in display order
         * @return this builder
         */
        public Builder params(List<ParamSpec> params) {
            this.params = List.copyOf(params);
            return this;
        }

        /**
         * Sets how many processes a run has by default (3 unless set).
         *
         * @param defaultNodes at least 1
         * @return this builder
         * @throws IllegalArgumentException when it is less than 1
         */
        public Builder defaultNodes(int defaultNodes) {
            if (defaultNodes < 1) {
                throw new IllegalArgumentException(name + ": default nodes must be at least 1, got " + defaultNodes);
            }
            this.defaultNodes = defaultNodes;
            return this;
        }

        /**
         * Sets how its nodes are built (required).
         *
         * @param factory builds a node for a process and an environment
         * @return this builder
         */
        public Builder node(NodeFactory factory) {
            this.factory = factory;
            return this;
        }

        /**
         * The node a recovered process restarts with, when it differs from a fresh one.
         *
         * @param recovered builds the node of a recovered process
         * @return this builder
         */
        public Builder recoveredNode(NodeFactory recovered) {
            this.recovered = recovered;
            return this;
        }

        /**
         * Sets when the reliable link layer goes under its nodes ({@link LinkPolicy#RAW_NETWORK} by default).
         *
         * @param linkPolicy the policy
         * @return this builder
         */
        public Builder linkPolicy(LinkPolicy linkPolicy) {
            this.linkPolicy = Objects.requireNonNull(linkPolicy, "link policy");
            return this;
        }

        /**
         * Its nodes keep state in the runtime's stable storage (a vote, a term).
         *
         * @return this builder
         */
        public Builder needsStableStorage() {
            this.needsStableStorage = true;
            return this;
        }

        /**
         * The faults it survives, whatever its options.
         *
         * @param faults the fault classes (none: it survives none)
         * @return this builder
         */
        public Builder tolerates(FaultClass... faults) {
            Set<FaultClass> model =
                    faults.length == 0 ? EnumSet.noneOf(FaultClass.class) : EnumSet.copyOf(List.of(faults));
            this.faultModel = params -> model;
            return this;
        }

        /**
         * The faults it survives, depending on its options.
         *
         * @param model the fault classes for each choice of options
         * @return this builder
         */
        public Builder faultModel(Function<Params, Set<FaultClass>> model) {
            this.faultModel = Objects.requireNonNull(model, "fault model");
            return this;
        }

        /**
         * The entry.
         *
         * @return the algorithm
         * @throws IllegalArgumentException when a LINK_OPTION algorithm lacks the link options
         */
        public Algorithm build() {
            return new Algorithm(this);
        }
    }
}
