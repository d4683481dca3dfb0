package dev.synchrony.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code synchrony --version} prints: the version and the git commit this build was made from, both written
 * into {@code version.properties} when the jar was built. A build outside a git checkout leaves the commit's
 * placeholder unfilled; it is then reported as "unknown" rather than as the raw placeholder.
 */
public final class BuildVersion implements IVersionProvider {

    static final String RESOURCE = "version.properties";
    static final String UNKNOWN = "unknown";

    private final String version;
    private final String commit;

    BuildVersion(Properties properties) {
        this.version = valueOrUnknown(properties.getProperty("version"));
        this.commit = valueOrUnknown(properties.getProperty("commit"));
    }

    /** Picocli builds it reflectively: reads the properties the build wrote beside this class. */
    public BuildVersion() {
        this(load());
    }

    public String version() {
        return version;
    }

    public String commit() {
        return commit;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"synchrony " + version + " (commit " + commit + ")"};
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from the synchrony jar", e);
        }
        return properties;
    }

    /** An absent, blank or unfilled ("${...}") value is unknown. */
    private static String valueOrUnknown(String value) {
        if (value == null || value.isBlank() || value.contains("${")) {
            return UNKNOWN;
        }
        return value.strip();
    }
}
