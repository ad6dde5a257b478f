package io.ddam.solver.io;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Locates the reader tests' resource folders ({@code valid/}, {@code broken/}) on the test classpath. */
final class TestFiles {
    private TestFiles() {}

    static Path resource(String name) {
        URL url = TestFiles.class.getResource("/" + name);
        if (url == null) throw new IllegalStateException("test resource missing: " + name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
