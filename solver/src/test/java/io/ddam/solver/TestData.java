package io.ddam.solver;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the public data (SteinLib, PACE, Topology Zoo, traffic) that the project may read but not
 * commit. The one setting is the environment variable {@code DDAM_DATA_DIR} (exported by
 * {@code .ci/run} as the absolute path of {@code ../shared/data}); the parent pom hands it to the
 * tests as the system property {@code ddam.data.dir}, which {@code -Dddam.data.dir=…} can override. Tests that need the data call {@link #require(String)} and are skipped
 * with a message when it is absent, so a fresh clone without the data still passes.
 */
public final class TestData {
    private TestData() {}

    /** The data folder, or {@code null} when the setting is empty or the folder is missing. */
    public static Path dir() {
        String p = System.getProperty("ddam.data.dir", "");
        if (p.isBlank() || p.startsWith("${")) p = System.getenv().getOrDefault("DDAM_DATA_DIR", "");
        if (p.isBlank()) return null;
        Path d = Path.of(p).toAbsolutePath().normalize();
        return Files.isDirectory(d) ? d : null;
    }

    /** {@code dir()/sub}, skipping the calling test with a message when it is not there. */
    public static Path require(String sub) {
        Path d = dir();
        assumeTrue(d != null, "skipped: public data not found; set DDAM_DATA_DIR to the absolute path of ../shared/data (as .ci/run does)");
        Path p = d.resolve(sub);
        assumeTrue(Files.exists(p), "skipped: " + p + " not found");
        return p;
    }
}
