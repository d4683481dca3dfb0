package dev.synchrony.net.config;

import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A cluster config that cannot be read or parsed, said in one line. The simulator's scripts say it the same way
 * (dev.synchrony.sim.script.YamlErrors and ReadErrors); this module does not depend on the simulator, hence its
 * own copy of these few lines.
 */
final class ConfigFileErrors {

    private ConfigFileErrors() {}

    /** {@code FILE:LINE: not valid YAML: REASON}: the parser's reason without its multi-line excerpt. */
    static String yaml(String source, JacksonException error) {
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

    /** Why a file could not be read, in words (the JDK's message for a missing file is only its name). */
    static String reason(IOException error) {
        if (error instanceof NoSuchFileException) {
            return "no such file";
        }
        if (error instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (error instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }
}
