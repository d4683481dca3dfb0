package dev.synchrony.sim.script;

import com.fasterxml.jackson.core.JacksonException;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML syntax error as one line, {@code FILE:LINE: not valid YAML: REASON}, the form editors and terminals
 * link to. The parser's own message spans several lines (an excerpt with a caret); only its reason is kept.
 */
public final class YamlErrors {

    private YamlErrors() {}

    public static String describe(String source, JacksonException error) {
        String line = error.getLocation() == null || error.getLocation().getLineNr() < 1
                ? ""
                : ":" + error.getLocation().getLineNr();
        String reason;
        if (error.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            if (marked.getProblemMark() != null) {
                line = ":" + (marked.getProblemMark().getLine() + 1);
            }
            reason = marked.getProblem() + (marked.getContext() == null ? "" : " (" + marked.getContext() + ")");
        } else {
            String original = error.getOriginalMessage() == null ? error.toString() : error.getOriginalMessage();
            reason = original.lines().findFirst().orElse("").strip();
        }
        return source + line + ": not valid YAML: " + reason;
    }
}
