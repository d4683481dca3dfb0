package dev.synchrony.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;
import picocli.CommandLine;

/** "did you mean ...?" for a misspelt algorithm, command or flag. */
final class Suggestions {

    private Suggestions() {}

    /** The known name closest to {@code typed}, if it is close enough to be a typo (a third of its length). */
    static Optional<String> closest(String typed, Collection<String> known) {
        int limit = Math.max(1, typed.length() / 3);
        LevenshteinDistance distance = new LevenshteinDistance(limit);
        return known.stream()
                .filter(name -> distance.apply(typed, name) >= 0)
                .min(Comparator.comparingInt((String name) -> distance.apply(typed, name))
                        .thenComparing(name -> name));
    }

    /** {@code "; did you mean X?"} or the empty string. */
    static String didYouMean(String typed, Collection<String> known) {
        return closest(typed, known).map(name -> "; did you mean " + name + "?").orElse("");
    }

    /** The suggestion picocli found for an unmatched argument (a misspelt subcommand or option), as a clause. */
    static String didYouMean(CommandLine.ParameterException exception) {
        if (exception instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            List<String> typed = unmatched.getUnmatched();
            if (!suggestions.isEmpty() && !typed.isEmpty()) {
                return didYouMean(typed.getFirst(), suggestions);
            }
        }
        return "";
    }
}
