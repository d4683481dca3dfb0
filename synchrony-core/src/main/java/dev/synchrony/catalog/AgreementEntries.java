package dev.synchrony.catalog;

import dev.synchrony.generals.General;
import java.util.List;

/** The catalog's entry for the Two Generals' problem. */
final class AgreementEntries {

    private AgreementEntries() {}

    static List<Algorithm> all() {
        return List.of(twoGenerals());
    }

    static Algorithm twoGenerals() {
        return Algorithm.builder("two-generals", Family.AGREEMENT)
                .description(
                        "the Two Generals' problem: --k messengers per message, a --rounds handshake, agreement at dawn")
                .params(List.of(
                        ParamSpec.of("k", "1", "messengers (copies) sent for each message of the handshake"),
                        ParamSpec.of(
                                "rounds",
                                "2",
                                "messages in the handshake: 1 the order, 2 and its acknowledgement, 3 ..."),
                        ParamSpec.of(
                                "dawn", "1s", "when the generals decide (messages sent later than that are useless)")))
                .defaultNodes(2)
                .node((id, env) -> {
                    if (env.members().size() != 2) {
                        throw new IllegalArgumentException("--nodes: two-generals takes exactly 2 processes, not "
                                + env.members().size());
                    }
                    return new General(
                            env.indexOf(id),
                            env.params().integer("rounds"),
                            env.params().integer("k"),
                            env.params().durationNanos("dawn"));
                })
                .build();
    }
}
