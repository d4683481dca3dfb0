package dev.synchrony.cli;

import dev.synchrony.core.NodeId;
import dev.synchrony.net.tls.TrialCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "certs",
        mixinStandardHelpOptions = true,
        description = "Creates a throwaway CA and a certificate and key per member for trials of security: tls "
                + "(not for production: the CA's key is not kept).")
final class CertsCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Option(
            names = "--members",
            required = true,
            split = ",",
            paramLabel = "ID[,ID...]",
            description = "The member ids, e.g. n1,n2,n3: each certificate names its id.")
    List<String> members;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Where to write ca.pem, ID.pem and ID.key (created if needed).")
    Path out;

    @Option(names = "--days", defaultValue = "30", paramLabel = "N", description = "Validity in days (default 30).")
    int days;

    @Override
    public Integer call() {
        if (days < 1) {
            throw new IllegalArgumentException("--days: " + days + " must be at least 1");
        }
        List<NodeId> ids = new ArrayList<>();
        for (String member : members) {
            NodeId id;
            try {
                id = NodeId.of(member.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--members: " + e.getMessage());
            }
            if (ids.contains(id)) {
                throw new IllegalArgumentException("--members: " + id + " appears twice");
            }
            ids.add(id);
        }
        List<Path> written = TrialCertificates.write(out, ids, Duration.ofDays(days));
        var print = command.commandLine().getOut();
        print.println("wrote " + written.size() + " files to " + out + " (valid " + days + " days): "
                + String.join(
                        ", ",
                        written.stream().map(p -> p.getFileName().toString()).toList()));
        print.println("in the cluster config: security: tls");
        print.println("                       tls: {ca: " + out.resolve("ca.pem") + ", cert: \""
                + out.resolve("{id}.pem") + "\", key: \"" + out.resolve("{id}.key") + "\"}");
        return ExitCodes.OK;
    }
}
