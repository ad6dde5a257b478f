package io.ddam.cli;

import io.ddam.solver.DdamInputException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import picocli.CommandLine.Option;

/**
 * The options every result-printing command shares: {@code --format table|json|csv} and
 * {@code --out FILE}. Results are rendered completely in memory first and then written in one go
 * (to a temporary file moved into place), so a failure never leaves half a result behind.
 */
public final class OutputOptions {
    /** How results are rendered. */
    public enum Format { table, json, csv }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). JSON is documented in docs/formats.md.")
    Format format = Format.table;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the result to FILE instead of standard output.")
    Path out;

    public Format format() { return format; }

    /** Writes rendered text to {@code --out} (atomically) or to {@code stdout}. */
    public void emit(String text, PrintWriter stdout) {
        if (out == null) {
            stdout.print(text);
            stdout.flush();
            return;
        }
        writeAtomically(out, text);
    }

    /** Writes {@code text} to a temporary file beside {@code target}, then moves it into place. */
    public static void writeAtomically(Path target, String text) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        try {
            if (dir != null) Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new DdamInputException(target.toString(), 0, "cannot write: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new DdamInputException(target.toString(), 0, "cannot write: " + e.getCause().getMessage());
        }
    }
}
