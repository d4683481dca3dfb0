package dev.synchrony.cli;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering that docs/ARCHITECTURE.md promises, checked on the compiled classes of every module this one sees.
 * The command line is the top of the build, so its test class path holds every other module's classes; a module
 * is recognised by where its classes were loaded from, not by package names, so a class moved to the wrong module
 * is caught too.
 */
class ArchitectureRulesTest {

    private static JavaClasses all;

    @BeforeAll
    static void importSynchrony() throws java.io.IOException {
        // Each module's compiled classes, read straight from its target/classes: scanning the whole class path for
        // the dev.synchrony packages took most of a minute. A module not compiled yet is not seen: the root pom lists
        // every other module before synchrony-cli so that a full build (and CI) checks them all.
        List<Path> classes;
        try (var modules = java.nio.file.Files.list(Path.of("").toAbsolutePath().getParent())) {
            classes = modules.map(module -> module.resolve("target/classes"))
                    .filter(java.nio.file.Files::isDirectory)
                    .toList();
        }
        all = new ClassFileImporter().importPaths(classes);
    }

    @Test
    void noCycleBetweenPackages() {
        slices().matching("dev.synchrony.(**)").should().beFreeOfCycles().check(all);
    }

    @Test
    void coreDependsOnNothingButTheJdk() {
        assertThat(foreignDependencies("synchrony-core", List.of())).isEmpty();
    }

    @Test
    void theTestkitStandsOnCoreAlone() {
        assertThat(foreignDependencies("synchrony-testkit", List.of("synchrony-core")))
                .isEmpty();
    }

    @Test
    void theNetworkRuntimeStandsBesideTheSimulatorNotOnIt() {
        assertThat(foreignDependencies("synchrony-net", List.of("synchrony-core")))
                .isEmpty();
    }

    @Test
    void theSimulatorDependsOnCoreOnly() {
        assertThat(foreignDependencies("synchrony-sim", List.of("synchrony-core")))
                .isEmpty();
    }

    @Test
    void theExplorerStandsOnTheSimulatorAndCore() {
        assertThat(foreignDependencies("synchrony-explore", List.of("synchrony-core", "synchrony-sim")))
                .isEmpty();
    }

    @Test
    void clusterRunsJoinTheRuntimeAndTheSimulatorsChecks() {
        assertThat(foreignDependencies(
                        "synchrony-cluster", List.of("synchrony-core", "synchrony-sim", "synchrony-net")))
                .isEmpty();
    }

    @Test
    void ntpOnTheWireNeedsOnlyCore() {
        assertThat(foreignDependencies("synchrony-ntp", List.of("synchrony-core")))
                .isEmpty();
    }

    @Test
    void everyModuleOfTheLayeringIsOnThisClassPath() {
        Set<String> modules = new TreeSet<>();
        all.forEach(type -> {
            String module = moduleOf(type);
            if (module != null) {
                modules.add(module);
            }
        });
        assertThat(modules)
                .contains(
                        "synchrony-core",
                        "synchrony-testkit",
                        "synchrony-sim",
                        "synchrony-explore",
                        "synchrony-net",
                        "synchrony-cluster",
                        "synchrony-ntp",
                        "synchrony-cli");
    }

    @Test
    void everyPackageSaysWhatItIsFor() throws java.io.IOException {
        // Surefire runs in synchrony-cli; its parent holds every module.
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> undocumented = new java.util.ArrayList<>();
        try (var modules = java.nio.file.Files.list(root)) {
            for (Path sources : modules.map(module -> module.resolve("src/main/java"))
                    .filter(java.nio.file.Files::isDirectory)
                    .toList()) {
                try (var files = java.nio.file.Files.walk(sources)) {
                    files.filter(file -> file.toString().endsWith(".java"))
                            .map(Path::getParent)
                            .distinct()
                            .filter(directory -> !java.nio.file.Files.exists(directory.resolve("package-info.java")))
                            .map(root::relativize)
                            .forEach(undocumented::add);
                }
            }
        }
        assertThat(undocumented).as("packages without a package-info.java").isEmpty();
    }

    /**
     * Dependencies of the classes of {@code module} on Synchrony classes outside {@code module} and {@code allowed},
     * as "from -> to" lines.
     */
    private static Set<String> foreignDependencies(String module, List<String> allowed) {
        Set<String> found = new TreeSet<>();
        for (JavaClass source : all) {
            if (!module.equals(moduleOf(source))) {
                continue;
            }
            source.getDirectDependenciesFromSelf().forEach(dependency -> {
                JavaClass target = dependency.getTargetClass();
                String targetModule = moduleOf(target);
                if (targetModule != null && !targetModule.equals(module) && !allowed.contains(targetModule)) {
                    found.add(source.getName() + " -> " + target.getName() + " (" + targetModule + ")");
                }
            });
        }
        return found;
    }

    /** The Maven module whose target/classes holds {@code type}, or null for classes outside Synchrony. */
    private static String moduleOf(JavaClass type) {
        if (!type.getPackageName().startsWith("dev.synchrony")) {
            return null;
        }
        return type.getSource()
                .map(source -> {
                    try {
                        Path path = Path.of(source.getUri());
                        for (Path part = path; part != null; part = part.getParent()) {
                            if (part.getFileName() != null
                                    && part.getFileName().toString().equals("target")) {
                                return part.getParent().getFileName().toString();
                            }
                        }
                        return null;
                    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                        return null;
                    }
                })
                .orElse(null);
    }
}
