package io.ddam.solver.io;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;

import java.nio.file.Path;

/** STUB — replaced by the SteinLib/PACE reader. */
public final class SteinLibReader {
    private SteinLibReader() {}

    public static Instance read(Path file) {
        throw new DdamInputException(file.toString(), 0, "SteinLib reader not implemented yet");
    }
}
