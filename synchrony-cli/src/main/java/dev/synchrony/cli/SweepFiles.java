package dev.synchrony.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.synchrony.sim.CheckResult;
import dev.synchrony.sim.Simulation;
import dev.synchrony.sim.export.RunReport;
import dev.synchrony.sim.spec.AlgorithmSpec;
import dev.synchrony.sim.sweep.SweepReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code check --out DIR} writes: {@code sweep.json} (the table: runs, per property how often it held, was
 * violated or skipped, each violating seed with its replay command) and, for the first violating seeds, the run
 * folder {@code simulate} would write ({@code seed-N/}), so a violation can be opened without replaying it.
 */
final class SweepFiles {

    /** How many violating seeds get a run folder: enough to compare a few, bounded on disk. */
    static final int RUN_FOLDERS = 20;

    static final String MARKER = "sweep.json";

    private SweepFiles() {}

    /** Writes the files and returns the run folders written. */
    static List<Path> write(Path directory, AlgorithmSpec spec, SweepReport report, Path errorLog) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("algorithm", report.algorithm());
        json.put("firstSeed", report.firstSeed());
        json.put("lastSeed", report.lastSeed());
        json.put("runs", report.runs());
        Map<String, Object> properties = new LinkedHashMap<>();
        report.tallies().forEach((property, tally) -> {
            Map<String, Object> counts = new LinkedHashMap<>();
            for (CheckResult.Status status : CheckResult.Status.values()) {
                counts.put(status.name().toLowerCase(Locale.ROOT), tally[status.ordinal()]);
            }
            counts.put("expected", tally[SweepReport.EXPECTED]);
            properties.put(property, counts);
        });
        json.put("properties", properties);
        List<Map<String, Object>> violations = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        for (SweepReport.Violation violation : report.violations()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("seed", violation.config().seed());
            entry.put("properties", violation.properties());
            entry.put("replay", Launcher.replay(violation.config()));
            if (folders.size() < RUN_FOLDERS) {
                Path folder = directory.resolve("seed-" + violation.config().seed());
                new RunReport(spec, Simulation.run(spec, violation.config())).writeFiles(folder);
                folders.add(folder);
                entry.put("folder", folder.getFileName().toString());
            }
            violations.add(entry);
        }
        json.put("violations", violations);
        List<Map<String, Object>> expected = new ArrayList<>();
        for (SweepReport.Violation violation : report.expectedViolations()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("seed", violation.config().seed());
            entry.put("properties", violation.properties());
            entry.put("label", violation.label());
            entry.put("replay", Launcher.replay(violation.config()));
            expected.add(entry);
        }
        json.put("expectedViolations", expected);
        List<Map<String, Object>> failures = new ArrayList<>();
        for (SweepReport.Failure failure : report.failures()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("seed", failure.config().seed());
            entry.put("error", InternalErrorLog.oneLine(failure.error()));
            entry.put("replay", Launcher.replay(failure.config()));
            failures.add(entry);
        }
        json.put("internalErrors", failures);
        if (errorLog != null) {
            json.put("internalErrorLog", directory.relativize(errorLog).toString());
        }
        try {
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(directory.resolve(MARKER).toFile(), json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + directory.resolve(MARKER) + ": " + e.getMessage(), e);
        }
        return folders;
    }
}
