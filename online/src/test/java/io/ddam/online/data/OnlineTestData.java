package io.ddam.online.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared public data for tests (the online module cannot see the solver's test classes):
 * system property {@code ddam.data.dir}, else environment variable {@code DDAM_DATA_DIR}; tests are
 * skipped with a message when it is absent.
 */
final class OnlineTestData {
    private OnlineTestData() {}

    static Path require(String sub) {
        String p = System.getProperty("ddam.data.dir", "");
        if (p.isBlank() || p.startsWith("${")) p = System.getenv().getOrDefault("DDAM_DATA_DIR", "");
        assumeTrue(!p.isBlank(), "skipped: public data not found; set DDAM_DATA_DIR to the absolute path of ../shared/data");
        Path d = Path.of(p).toAbsolutePath().normalize().resolve(sub);
        assumeTrue(Files.exists(d), "skipped: " + d + " not found");
        return d;
    }
}
