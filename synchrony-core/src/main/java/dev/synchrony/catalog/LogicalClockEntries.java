package dev.synchrony.catalog;

import dev.synchrony.logical.LamportClockProcess;
import dev.synchrony.logical.RandomActivity;
import dev.synchrony.logical.VectorClockProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The catalog's entries for Lamport and vector clocks: processes exchanging messages at random or as scripted. */
final class LogicalClockEntries {

    /** The random activity both share; a scripted run turns it off. */
    static final List<ParamSpec> ACTIVITY = List.of(
            ParamSpec.of("rate", "5", "random events per process per virtual second (0: scripted events only)"),
            ParamSpec.of("send-probability", "0.7", "chance that a random event is a send (else a local event)"));

    private LogicalClockEntries() {}

    static List<Algorithm> all() {
        return List.of(lamport(), vector());
    }

    static RandomActivity activity(Environment env) {
        Params params = env.params();
        return env.scripted()
                ? RandomActivity.NONE
                : new RandomActivity(params.decimal("rate"), params.probability("send-probability"));
    }

    static Algorithm lamport() {
        List<ParamSpec> params = new ArrayList<>(ACTIVITY);
        params.add(ParamSpec.choice(
                "correction", "true", "apply rule 3 on receipt (false shows the uncorrected clocks)", "true", "false"));
        params.add(ParamSpec.choice(
                "clock",
                "counter",
                "counter: rules 1-3; physical: the process's physical clock read in ticks, plus rule 3's correction",
                "counter",
                "physical"));
        params.add(ParamSpec.of("tick", "1s", "with --clock physical: the duration of one tick"));
        return Algorithm.builder("lamport", Family.LOGICAL_CLOCK)
                .description(
                        "Lamport logical clocks: rules 1-3, checked against the clock condition a -> b => C(a) < C(b)")
                .params(params)
                .node((id, env) -> {
                    Params p = env.params();
                    LamportClockProcess.Mode mode =
                            LamportClockProcess.Mode.valueOf(p.string("clock").toUpperCase(Locale.ROOT));
                    return new LamportClockProcess(mode, p.bool("correction"), p.durationNanos("tick"), activity(env));
                })
                .build();
    }

    static Algorithm vector() {
        return Algorithm.builder("vector", Family.LOGICAL_CLOCK)
                .description("vector clocks: the lecture's send and deliver rules, checked as a -> b <=> VC(a) < VC(b)")
                .params(ACTIVITY)
                .node((id, env) ->
                        new VectorClockProcess(env.indexOf(id), env.members().size(), activity(env)))
                .build();
    }
}
