package dev.synchrony.explore;

import java.util.List;

/**
 * A path from the initial state to a state that breaks a property, as steps for people and as a script that
 * {@code synchrony simulate ALGORITHM --script FILE} replays and draws.
 *
 * @param steps the path, starting with {@link Step.Kind#START}
 * @param shortest whether no shorter path breaks the property (true for breadth-first search)
 * @param script the path as a simulator script (YAML)
 * @param scriptNote why the script may not replay the path exactly, or null
 */
public record Counterexample(
        String property, String detail, List<PathStep> steps, boolean shortest, String script, String scriptNote) {

    public Counterexample {
        steps = List.copyOf(steps);
    }

    /** The number of steps after the start. */
    public int length() {
        return steps.size() - 1;
    }

    /** The path, one numbered line per step, with what each step did indented below it. */
    public String stepList() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            PathStep step = steps.get(i);
            text.append(String.format("%4d. %s%n", i, step.step().describe()));
            for (StepEffects.Sent sent : step.effects().sent()) {
                text.append("        sends ")
                        .append(sent.message())
                        .append(" ")
                        .append(sent.from())
                        .append("->")
                        .append(sent.to())
                        .append(System.lineSeparator());
            }
            for (Object output : step.effects().outputs()) {
                text.append("        delivers ").append(output).append(System.lineSeparator());
            }
            for (Object record : step.effects().records()) {
                text.append("        records ").append(record).append(System.lineSeparator());
            }
        }
        return text.toString();
    }

    /** One step of the path and what it did. */
    public record PathStep(Step step, StepEffects effects) {}
}
