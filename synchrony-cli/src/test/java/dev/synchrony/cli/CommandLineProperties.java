package dev.synchrony.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.synchrony.catalog.ParamSpec;
import dev.synchrony.sim.algorithms.Algorithms;
import dev.synchrony.sim.spec.AlgorithmSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Issue 19: random and mutated command lines for every command, built from each command's own picocli model
 * (its flags, their types and labels), with values of the wrong type, range and unit, unknown and misspelt flags,
 * and algorithm options given to the wrong algorithm. Whatever the input, the command ends with exit 0, 1 or 2,
 * at most a few lines on stderr, and never a Java stack trace.
 *
 * <p>Left out, because a valid combination would bind sockets, start JVMs or wait for peers (they have their own
 * tests in NetworkCommandsTest, ClockSyncCommandsTest and the play tests): {@code ntp serve|query|bench}, {@code node},
 * {@code cluster}, {@code play} (an HTTP server for the browser). Runs are kept short by a budget: flags that bound a run's size ({@code --seeds},
 * {@code --max-states}, {@code --runs}, ...) are added with small values when the generated line lacks them, and
 * their generated values come from small pools.
 */
class CommandLineProperties {

    /** Commands (as typed) that open network connections or start processes: see the class comment. */
    static final Set<String> EXCLUDED = Set.of("ntp serve", "ntp query", "ntp bench", "node", "cluster", "play");

    /** A Java stack frame, or the JVM's report of an uncaught exception. */
    static final Pattern STACK_TRACE = Pattern.compile("(?m)^\\s+at [\\w.$/]+\\(|Exception in thread|^Caused by: ");

    static Path scratch;
    static Path malformedYaml;

    /** Every leaf command, by the words that select it, and its model. */
    static final Map<String, CommandSpec> COMMANDS = new LinkedHashMap<>();

    @BeforeContainer
    static void setUp() throws IOException {
        scratch = Files.createTempDirectory("synchrony-cli-properties");
        malformedYaml = scratch.resolve("malformed.yaml");
        Files.writeString(malformedYaml, "algorithm: lamport\nprocesses: [P1, P2\nevents:\n  - {at: 1s, type: send\n");
        collect(new CommandLine(new Synchrony()).getCommandSpec(), "");
    }

    private static void collect(CommandSpec spec, String path) {
        if (spec.subcommands().isEmpty()) {
            if (!EXCLUDED.contains(path)) {
                COMMANDS.put(path, spec);
            }
            return;
        }
        spec.subcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().name().equals(name)) {
                collect(sub.getCommandSpec(), (path.isEmpty() ? "" : path + " ") + name);
            }
        });
    }

    @Property(tries = 200)
    void anyCommandLineEndsWithACodeAFewLinesAndNoStackTrace(@ForAll("commandLines") List<String> args) {
        CliTest.Outcome outcome = assertTimeoutPreemptively(
                Duration.ofSeconds(30), () -> CliTest.run(args.toArray(String[]::new)), () -> "took too long: " + args);
        String described = String.join(" ", args) + "\nexit " + outcome.exitCode() + "\nstdout:\n" + outcome.out()
                + "\nstderr:\n" + outcome.err();
        assertThat(outcome.exitCode()).as(described).isIn(ExitCodes.OK, ExitCodes.VIOLATION, ExitCodes.USAGE);
        List<String> errLines = outcome.err()
                .lines()
                .filter(line -> !line.startsWith("progress: "))
                .toList();
        assertThat(errLines).as(described).hasSizeLessThanOrEqualTo(3);
        assertThat(STACK_TRACE.matcher(outcome.out() + outcome.err()).find())
                .as(described)
                .isFalse();
        // The report shows how the tries spread over commands and exit codes (a property passing only on usage
        // errors would prove little).
        Statistics.collect(args.getFirst(), outcome.exitCode());
        if (outcome.exitCode() == ExitCodes.USAGE) {
            assertThat(errLines).as(described).isNotEmpty();
        }
    }

    @Provide
    Arbitrary<List<String>> commandLines() {
        return Arbitraries.randomValue(CommandLineProperties::commandLine);
    }

    static List<String> commandLine(Random random) {
        List<String> names = new ArrayList<>(COMMANDS.keySet());
        String path = names.get(random.nextInt(names.size()));
        CommandSpec spec = COMMANDS.get(path);
        List<String> args = new ArrayList<>(List.of(path.split(" ")));
        List<AlgorithmSpec> algorithms = Algorithms.all();
        AlgorithmSpec algorithm = algorithms.get(random.nextInt(algorithms.size()));
        if (!spec.positionalParameters().isEmpty()) {
            args.add(
                    switch (path) {
                        case "help" -> pick(random, List.of("simulate", "check", "nosuch", "compare", "list"));
                        default -> random.nextInt(10) == 0 ? misspell(algorithm.name(), random) : algorithm.name();
                    });
        }
        List<OptionSpec> options = spec.options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp())
                .toList();
        // Required options are given most of the time, so that most lines get past parsing into the command.
        for (OptionSpec option : options) {
            if (option.required() && random.nextInt(8) != 0) {
                addOption(args, option, random);
            }
        }
        int extra = random.nextInt(4);
        for (int i = 0; i < extra && !options.isEmpty(); i++) {
            OptionSpec option = options.get(random.nextInt(options.size()));
            if (!args.contains(option.longestName())) {
                addOption(args, option, random);
            }
        }
        boolean takesAlgorithmOptions = spec.unmatchedArgsBindings().size() > 0;
        if (takesAlgorithmOptions && random.nextInt(3) == 0) {
            // An option of some algorithm, often not the one named: it must be refused in one line.
            AlgorithmSpec owner = random.nextInt(3) > 0 ? algorithm : algorithms.get(random.nextInt(algorithms.size()));
            if (!owner.params().isEmpty()) {
                ParamSpec param =
                        owner.params().get(random.nextInt(owner.params().size()));
                args.add("--" + param.name());
                List<String> right = param.choices().isEmpty() ? List.of(param.defaultValue()) : param.choices();
                args.add(random.nextBoolean() ? pick(random, right) : pick(random, ALGORITHM_VALUES));
            }
        }
        mutate(args, path.split(" ").length, options, random);
        addBudget(path, args);
        return args;
    }

    private static void addOption(List<String> args, OptionSpec option, Random random) {
        String name = random.nextInt(12) == 0 ? misspell(option.longestName(), random) : option.longestName();
        args.add(name);
        if (option.arity().max() > 0) {
            args.add(valueFor(option, random));
        }
    }

    /** A value for {@code option}: right or wrong in type, range or unit, chosen by its type and label. */
    static String valueFor(OptionSpec option, Random random) {
        String name = option.longestName();
        Class<?> type = option.type();
        // Each pool: values that are right, then "|", then values wrong in type, range or unit. Right values are
        // drawn more often, so that most lines get past validation into a run.
        List<String> pool = switch (name) {
            case "--duration", "--for" -> List.of("1s", "500ms", "0.2s", "|", "0", "-1s", "10", "2x", "1m");
            case "--nodes" -> List.of("2", "3", "5", "|", "0", "-3", "x", "100001", "1.5");
            case "--seeds" -> List.of("1..3", "2", "0..2", "|", "3..1", "x", "1..", "-2..-1");
            case "--max-states" -> List.of("2000", "100", "|", "0", "-1", "x");
            case "--max-depth" -> List.of("40", "|", "0", "-1", "x");
            case "--runs" -> List.of("10", "3", "|", "0", "-1", "x");
            case "--k" -> List.of("1..2", "2", "3", "|", "0..1", "2..1", "x", "1..65");
            case "--threads" -> List.of("1", "2", "|", "0", "-1", "x");
            case "--rate", "--heavy-rate" -> List.of("0.5", "2", "|", "0", "-1", "x", "NaN");
            case "--n" -> List.of("3", "5", "32", "|", "0", "-2", "x");
            case "--m" -> List.of("3", "0.75n", "|", "0.7n", "x", "40", "-1", "0");
            case "--p" -> List.of("0.001", "0.2", "1/1200", "1e-3", "|", "2", "-0.1", "x", "3/0");
            case "--script" ->
                List.of(
                        "../examples/lamport-figure.yaml",
                        "../examples/vector-figure-a.yaml",
                        "../examples/bank-figure.yaml",
                        "|",
                        "no/such/file.yaml",
                        malformedYaml.toString(),
                        scratch.toString());
            case "--out" ->
                List.of(scratch.resolve("out" + random.nextInt(3)).toString(), "|", malformedYaml.toString());
            case "--crash" -> List.of("n1@1s", "n2@200ms..600ms", "|", "n9@1s", "n1@99s", "x", "n1@", "n1@2s..1s");
            case "--partition" -> List.of("n1|n2@0s..1s", "n1,n2|n3@100ms..500ms", "|", "n9|n1@0s..1s", "x", "n1@1s");
            case "--link-latency" -> List.of("n1>n2=5ms..8ms", "|", "n9>n1=1ms..2ms", "bad", "n1>n2=8ms..5ms");
            case "--latency" -> List.of("1ms..10ms", "3ms", "|", "5ms..1ms", "x", "10", "-1ms..2ms");
            case "--loss", "--duplicate", "--reorder", "--drift" ->
                List.of("0", "0.1", "0.5", "|", "1", "2", "-0.5", "x", "NaN");
            default ->
                type == int.class || type == Integer.class || type == long.class || type == Long.class
                        ? List.of("1", "2", "|", "0", "-1", "x", "1.5", "99999999999999999999")
                        : type == double.class || type == Double.class
                                ? List.of("0.1", "|", "0", "-1", "x", "1e400")
                                : List.of(
                                        "1s",
                                        "|",
                                        "x",
                                        "",
                                        "10parsecs",
                                        "n1",
                                        "any",
                                        "idle",
                                        "none",
                                        "lines",
                                        "uniform");
        };
        int bar = pool.indexOf("|");
        return random.nextInt(5) < 3
                ? pick(random, pool.subList(0, bar))
                : pick(random, pool.subList(bar + 1, pool.size()));
    }

    /** Values for algorithm options: some valid for some options, most wrong for most. */
    static final List<String> ALGORITHM_VALUES =
            List.of("abc", "-1", "0", "1", "2", "0.5", "true", "none", "10ms", "1/2", "first", "n2", "5x", "");

    /** One of a few edits a user makes by mistake: drop, repeat or swap an argument, add an unknown flag. */
    private static void mutate(List<String> args, int fixed, List<OptionSpec> options, Random random) {
        if (random.nextInt(3) != 0 || args.size() <= fixed) {
            return;
        }
        int at = fixed + random.nextInt(args.size() - fixed);
        switch (random.nextInt(5)) {
            case 0 -> args.remove(at);
            case 1 -> args.add(at, args.get(at));
            case 2 -> args.add(at, pick(random, List.of("--frobnicate", "-x", "--", "---", "--=3", "extra")));
            case 3 -> {
                int other = fixed + random.nextInt(args.size() - fixed);
                String moved = args.get(at);
                args.set(at, args.get(other));
                args.set(other, moved);
            }
            default -> {
                if (!options.isEmpty()) {
                    args.add(at, options.get(random.nextInt(options.size())).longestName() + "=" + "x");
                }
            }
        }
    }

    /** Small values for the flags that bound a run, unless the line already sets them. */
    private static void addBudget(String path, List<String> args) {
        Map<String, String> budget = switch (path) {
            case "simulate" -> Map.of("--out", scratch.resolve("simulate").toString());
            case "check" -> Map.of("--seeds", "1..3", "--progress", "none", "--threads", "1");
            case "explore" ->
                Map.of(
                        "--max-states",
                        "2000",
                        "--out",
                        scratch.resolve("explore.yaml").toString());
            case "generals-table" -> Map.of("--runs", "10", "--k", "1..2");
            case "compare mutex" -> Map.of("--duration", "500ms", "--heavy-rate", "5");
            case "mutex-risk" -> Map.of("--runs", "2", "--duration", "1s");
            default -> Map.of();
        };
        new TreeSet<>(budget.keySet()).forEach(flag -> {
            if (args.stream().noneMatch(arg -> arg.equals(flag) || arg.startsWith(flag + "="))) {
                args.add(flag);
                args.add(budget.get(flag));
            }
        });
    }

    private static String misspell(String word, Random random) {
        int at = 2 + random.nextInt(Math.max(1, word.length() - 2));
        return at >= word.length() ? word + "e" : word.substring(0, at) + word.substring(at + 1);
    }

    private static String pick(Random random, List<String> pool) {
        return pool.get(random.nextInt(pool.size()));
    }
}
