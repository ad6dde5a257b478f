package io.ddam.solver.io;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;

import java.nio.file.Path;

/** STUB — replaced by the Topology Zoo GraphML reader. */
public final class GraphMLReader {
    private GraphMLReader() {}

    /** How coordinates become delays. */
    public record Options(double speedKmPerMs, double stepMs) {
        public static Options defaults() { return new Options(200.0, 1.0); }
    }

    public static Instance read(Path file, Options options) {
        throw new DdamInputException(file.toString(), 0, "GraphML reader not implemented yet");
    }
}
