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

    /** Creates the result folder {@code dir} (and its parents) named by {@code option}, or says why it cannot. */
    static void createFolder(Path dir, String option) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DdamInputException(dir.toString(), 0, "cannot write: cannot create the folder (" + option + ", "
                    + AtomicFiles.reason(e) + ")");
        }
    }

    private static void createFolder(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            if (dir != null) Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DdamInputException(target.toString(), 0, "cannot write: cannot create folder " + dir + " (" + AtomicFiles.reason(e) + ")");
        }
    }

    /** The options that name where a command writes. */
    private static final java.util.Set<String> OUTPUT_OPTIONS = java.util.Set.of("--out", "--out-dir", "--trace", "--plot", "--dot", "--dot-dir");

    /**
     * Checks every output location of a parsed command before it runs: each {@code --out},
     * {@code --trace}, {@code --plot} and {@code --dot} path (folders for a {@code DIR} option) must be
     * creatable in a writable folder. Nothing is created; a probe file is made and removed.
     *
     * @param command the command about to run, with its options filled in
     * @throws DdamInputException naming the path and the reason if one of them cannot be written
     */
    static void checkOutputs(picocli.CommandLine.Model.CommandSpec command) {
        for (picocli.CommandLine.Model.OptionSpec o : command.options()) {
            if (!OUTPUT_OPTIONS.contains(o.longestName()) || o.type() != Path.class) continue;
            Path p = o.getValue();
            if (p == null) continue;
            if ("DIR".equals(o.paramLabel())) requireWritableFolder(p);
            else requireWritableFile(p);
        }
    }

    /**
     * The file {@code target} can be created or replaced: it is not a folder and its nearest existing
     * ancestor is a folder we can write in.
     *
     * @param target the result file
     * @throws DdamInputException if it cannot be written
     */
    static void requireWritableFile(Path target) {
        if (Files.isDirectory(target)) throw new DdamInputException(target.toString(), 0, "cannot write: it is a folder");
        probe(target, target.toAbsolutePath().getParent());
    }

    /**
     * The folder {@code dir} exists as a writable folder or can be created in one.
     *
     * @param dir the result folder
     * @throws DdamInputException if it cannot be written
     */
    static void requireWritableFolder(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new DdamInputException(dir.toString(), 0, "cannot write: it exists and is not a folder");
        }
        probe(dir, dir.toAbsolutePath());
    }

    private static void probe(Path target, Path folder) {
        Path dir = folder;
        while (dir != null && !Files.exists(dir)) dir = dir.getParent();
        if (dir == null) throw new DdamInputException(target.toString(), 0, "cannot write: no existing folder above it");
        if (!Files.isDirectory(dir)) throw new DdamInputException(target.toString(), 0, "cannot write: " + dir + " is not a folder");
        try {
            Files.delete(Files.createTempFile(dir, ".ddam-probe", ".tmp"));
        } catch (IOException e) {
            throw new DdamInputException(target.toString(), 0, "cannot write: folder " + dir + " is not writable ("
                    + AtomicFiles.reason(e) + ")");
        }
    }
}
