package io.ddam.solver.io;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads any instance file the project understands, choosing the reader by file extension:
 * {@code .json} (the project's own format, see docs/formats.md), {@code .stp} (SteinLib),
 * {@code .gr} (PACE 2018, SteinLib syntax without the magic line), {@code .graphml} (Internet
 * Topology Zoo). Every failure is a {@link DdamInputException} naming the file and line.
 */
public final class InstanceFiles {
    private InstanceFiles() {}

    /**
     * Reads {@code file} with default options.
     *
     * @param file a {@code .json}, {@code .stp}, {@code .gr} or {@code .graphml} file
     * @return the instance (network, and W for JSON files that carry one)
     * @throws DdamInputException if the file is missing, unreadable, of unknown type or malformed
     */
    public static Instance read(Path file) {
        return read(file, GraphMLReader.Options.defaults());
    }

    /**
     * Reads {@code file}; {@code graphml} sets how Topology Zoo coordinates become delays.
     *
     * @param file    a {@code .json}, {@code .stp}, {@code .gr} or {@code .graphml} file
     * @param graphml options for GraphML files (ignored for the other types)
     * @return the instance
     * @throws DdamInputException if the file is missing, unreadable, of unknown type or malformed,
     *                            naming the file and line
     */
    public static Instance read(Path file, GraphMLReader.Options graphml) {
        String name = file.toString();
        if (!Files.exists(file)) throw new DdamInputException(name, 0, "no such file");
        if (Files.isDirectory(file)) throw new DdamInputException(name, 0, "is a directory, not an instance file");
        if (!Files.isReadable(file)) throw new DdamInputException(name, 0, "cannot be read (permissions)");
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json")) return JsonInstanceReader.read(file);
        if (lower.endsWith(".stp") || lower.endsWith(".gr")) return SteinLibReader.read(file);
        if (lower.endsWith(".graphml")) return GraphMLReader.read(file, graphml);
        throw new DdamInputException(name, 0, "unknown file type; expected .json, .stp, .gr or .graphml");
    }
}
