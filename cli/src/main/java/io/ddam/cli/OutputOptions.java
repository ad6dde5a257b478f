package io.ddam.cli;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.io.AtomicFiles;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * The options every result-printing command shares: {@code --format table|json|csv} and
 * {@code --out FILE}. Results are rendered completely in memory first and then written in one go
 * (to a temporary file moved into place), so a failure never leaves half a result behind.
 */
public final class OutputOptions {
    /** How results are rendered. */
    public enum Format {
        /** Aligned columns for people (the default). */
        table,
        /** JSON as documented in docs/formats.md, for scripts. */
        json,
        /** Comma-separated values with a header line. */
        csv
    }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). JSON is documented in docs/formats.md.")
    Format format = Format.table;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the result to FILE instead of standard output.")
    Path out;

    /**
     * The format chosen with {@code --format}.
     *
     * @return the format; {@link Format#table} by default
     */
    public Format format() { return format; }

    /**
     * Writes rendered text to {@code --out} (atomically) or to {@code stdout}.
     *
     * @param text   the complete rendered result
     * @param stdout the command's standard output, used when {@code --out} is not given
     * @throws DdamInputException if the {@code --out} file cannot be written
     */
    public void emit(String text, PrintWriter stdout) {
        if (out == null) {
            stdout.print(text);
            stdout.flush();
            return;
        }
        writeAtomically(out, text);
    }

    /**
     * Writes {@code text} to a temporary file beside {@code target}, then moves it into place.
     * Missing parent folders are created.
     *
     * @param target the file to create or replace
     * @param text   the content, written as UTF-8
     * @throws DdamInputException if the file cannot be written
     */
    public static void writeAtomically(Path target, String text) {
        createFolder(target);
        AtomicFiles.write(target, w -> w.write(text));
    }

    /**
     * Writes {@code bytes} (a PNG, say) to a temporary file beside {@code target}, then moves it into
     * place. Missing parent folders are created.
     *
     * @param target the file to create or replace
     * @param bytes  the content
     * @throws DdamInputException if the file cannot be written
     */
    public static void writeAtomically(Path target, byte[] bytes) {
        createFolder(target);
        AtomicFiles.write(target, bytes);
    }

    /**
     * Checks, before any work, that the {@code --out} file (if any) can be written: its folder exists or
     * is created, and is writable. Commands call it after checking their input and before solving.
     *
     * @throws DdamInputException if the folder of {@code --out} cannot be made or written
     */
    public void checkBeforeWork() {
        if (out != null) requireWritableFileFolder(out, "--out");
    }

    /**
     * Checks, before any work, that the folder {@code file} will be written in exists (or is created) and
     * is writable, and that {@code file} itself is not a folder.
     *
     * @param file   the file to be written later
     * @param option the option that named it, for the message
     * @throws DdamInputException if the file is a folder or its folder cannot be made or written
     */
    public static void requireWritableFileFolder(Path file, String option) {
        if (Files.isDirectory(file)) throw new DdamInputException(file.toString(), 0, "is a folder, not a file (" + option + ")");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) requireWritableFolder(parent, option);
    }

    /**
     * Checks, before any work, that {@code folder} is a folder that exists or can be made, and that
     * files can be written in it: it is created (with its parents) if missing, and probed with a
     * temporary file that is deleted again.
     *
     * @param folder the output folder
     * @param option the option that named it, for the message (e.g. {@code --out})
     * @throws DdamInputException if it is a file, cannot be created or is not writable
     */
    public static void requireWritableFolder(Path folder, String option) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new DdamInputException(folder.toString(), 0, "exists and is not a folder (" + option + ")");
        }
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, ".ddam-probe-", ".tmp");
            Files.delete(probe);
        } catch (java.io.IOException | SecurityException e) {
            throw new DdamInputException(folder.toString(), 0, "cannot write in this folder (" + option + "): " + e.getMessage());
        }
    }

    /**
     * Checks, before any work, that {@code png} names a .png file in a folder that exists (or can be
     * made) and is writable.
     *
     * @param png the plot to be written
     * @throws DdamInputException if it is not a .png name or its folder cannot be written
     */
    public static void requirePng(Path png) {
        String name = png.getFileName() == null ? "" : png.getFileName().toString();
        if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".png") || name.length() == 4) {
            throw new DdamInputException(png.toString(), 0, "--plot must name a .png file");
        }
        createFolder(png);
        Path dir = png.toAbsolutePath().getParent();
        if (dir != null && !Files.isWritable(dir)) throw new DdamInputException(png.toString(), 0, "cannot write: folder " + dir + " is not writable");
    }

    private static void createFolder(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            if (dir != null) Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DdamInputException(target.toString(), 0, "cannot write: cannot create folder " + dir + ": " + e.getMessage());
        }
    }
}
