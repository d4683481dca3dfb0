package dev.synchrony.cli;

import dev.synchrony.catalog.Durations;
import dev.synchrony.cluster.MemberProcess;
import dev.synchrony.core.NodeId;
import dev.synchrony.net.config.ClusterConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs one member of a cluster over TCP: the algorithm the config names, on this process.",
            "It listens on its configured address, proves its id to the others (mutual TLS with its certificate,",
            "or, with security: shared-secret, HMAC over the shared secret), starts its node once linked to",
            "every member and runs its share of the workload.",
            "Exit 0 after a clean stop; 2 on a bad config (a one-line error naming the field)."
        },
        footer = {"", "Example:", "  synchrony node --config examples/cluster/cluster.yaml --id n1 --duration 30s"})
final class NodeCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The cluster's YAML file.")
    Path config;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "Which member this process is.")
    String id;

    @Option(names = "--trace", paramLabel = "DIR", description = "Write this member's trace (JSON lines) into DIR.")
    Path trace;

    @Option(
            names = "--duration",
            paramLabel = "T",
            description = "Stop after T (default: the config's, else run until stopped).")
    String duration;

    @Option(names = "--reliable-links", description = "Stack the reliable FIFO link layer under the node.")
    boolean reliableLinks;

    @Override
    public Integer call() throws InterruptedException {
        ClusterConfig cluster = ClusterConfig.load(config);
        long nanos = duration == null ? 0 : Durations.parseNanos(duration, "--duration");
        NodeId member;
        try {
            member = NodeId.of(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--id: " + e.getMessage());
        }
        PrintWriter err = command.commandLine().getErr();
        MemberProcess process = new MemberProcess(cluster, member, trace, nanos);
        if (reliableLinks) {
            process.withReliableLinks();
        }
        return process.run(err);
    }
}
