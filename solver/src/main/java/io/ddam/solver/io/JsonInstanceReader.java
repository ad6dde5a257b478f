package io.ddam.solver.io;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;

import java.nio.file.Path;

/** STUB — replaced by the JSON instance reader. */
public final class JsonInstanceReader {
    private JsonInstanceReader() {}

    public static Instance read(Path file) {
        throw new DdamInputException(file.toString(), 0, "JSON reader not implemented yet");
    }
}
