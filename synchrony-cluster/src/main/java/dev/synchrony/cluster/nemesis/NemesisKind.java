package dev.synchrony.cluster.nemesis;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The kinds of fault {@code synchrony cluster --nemesis KIND[,KIND...]} draws a schedule from. */
public enum NemesisKind {
    /** Cut a member (often the leader) or a minority off from the rest, then heal. */
    PARTITION("partition"),
    /** SIGSTOP a member JVM, SIGCONT it later: it executes nothing in between, its clock runs on. */
    PAUSE("pause"),
    /** SIGKILL a member for good. */
    KILL("kill"),
    /** SIGKILL a member and start it again on the same stable storage. */
    RESTART("restart"),
    /** Start a member with its software clock off by an offset and running at a rate within rho. */
    CLOCK_SKEW("clock-skew"),
    /** Drop a share of the packets between all members for a while. */
    LOSS("loss");

    private final String label;

    NemesisKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether a fault of this kind needs the run's own network namespace (and root, ip, nft). */
    public boolean needsNamespace() {
        return this == PARTITION || this == LOSS;
    }

    public static NemesisKind parse(String text) {
        for (NemesisKind kind : values()) {
            if (kind.label.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("--nemesis: '" + text + "' is not one of "
                + Arrays.stream(values()).map(NemesisKind::label).collect(Collectors.joining(", ")));
    }

    /** {@code partition,pause} as a set, in the order given. */
    public static Set<NemesisKind> parseList(String text) {
        Set<NemesisKind> kinds = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                kinds.add(parse(part));
            }
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("--nemesis: name at least one kind, e.g. partition,pause");
        }
        return kinds;
    }
}
