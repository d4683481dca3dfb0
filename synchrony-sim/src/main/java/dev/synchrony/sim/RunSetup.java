package dev.synchrony.sim;

import dev.synchrony.catalog.Algorithm;
import dev.synchrony.catalog.Environment;
import dev.synchrony.catalog.FaultClass;
import dev.synchrony.catalog.Params;
import dev.synchrony.core.NodeId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a harness is told about the run it is set up for: the simulator's configuration, the algorithm, and the
 * {@link Environment} its nodes are built for (members, resolved options, network assumptions).
 */
public record RunSetup(SimConfig config, Algorithm algorithm, Environment environment) {

    /**
     * The setup of a simulated run of {@code algorithm} under {@code config}: options from the script, then from
     * the config, resolved against the algorithm's; the network assumptions from the config's model.
     *
     * @throws IllegalArgumentException naming an option that is unknown or badly given
     */
    public static RunSetup of(Algorithm algorithm, SimConfig config) {
        Map<String, String> given = new LinkedHashMap<>();
        if (config.script() != null) {
            given.putAll(config.script().params());
        }
        given.putAll(config.params());
        if (!config.writeCrashes().isEmpty() && !algorithm.needsStableStorage()) {
            throw new IllegalArgumentException(
                    "--crash-in-write " + config.writeCrashes().get(0).format() + ": " + algorithm.name()
                            + " keeps nothing in stable storage, so no write can crash");
        }
        Params params = algorithm.resolve(given);
        Environment environment = new Environment(
                config.nodes(),
                params,
                config.seed(),
                config.assumptions(),
                config.durationNanos(),
                config.script() != null);
        return new RunSetup(config, algorithm, environment);
    }

    /** The same setup with another configuration (a cluster run's observed crashes, for its checks). */
    public RunSetup withConfig(SimConfig newConfig) {
        return new RunSetup(newConfig, algorithm, environment);
    }

    /** The faults of this run that the algorithm's fault model leaves out, in {@link FaultClass} order. */
    public Set<FaultClass> faultsOutsideModel() {
        Set<FaultClass> outside = new TreeSet<>(config.faultClasses());
        outside.removeAll(algorithm.faultModel(params()));
        return outside;
    }

    /**
     * The label of a violation in this run when a fault lies outside the algorithm's model, e.g.
     * {@code expected: outside its fault model (pause)}; empty when the run stays inside it.
     */
    public String faultModelLabel() {
        Set<FaultClass> outside = faultsOutsideModel();
        return outside.isEmpty()
                ? ""
                : "expected: outside its fault model ("
                        + String.join(
                                ", ", outside.stream().map(FaultClass::label).toList()) + ")";
    }

    public List<NodeId> members() {
        return environment.members();
    }

    public Params params() {
        return environment.params();
    }

    public int indexOf(NodeId node) {
        return environment.indexOf(node);
    }

    /** See {@link Environment#memberOption}. */
    public NodeId memberOption(String option) {
        return environment.memberOption(option);
    }

    /** See {@link Environment#member}. */
    public NodeId member(String name, String flag) {
        return environment.member(name, flag);
    }
}
