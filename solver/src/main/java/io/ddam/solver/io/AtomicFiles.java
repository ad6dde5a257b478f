package io.ddam.solver.io;

import io.ddam.solver.DdamInputException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes text files so that nothing half-written ever appears under the final name: the content
 * goes to a temporary file in the same folder (so the final rename stays on one file system), which
 * is then moved over the target in one step. Used by every writer of the project; the command line
 * can use it for result files too.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Produces the content of a file. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the whole content to {@code out}; the caller closes it.
         *
         * @param out the temporary file's writer (UTF-8, buffered)
         * @throws IOException if writing fails; the target is then left as it was
         */
        void writeTo(Writer out) throws IOException;
    }

    /**
     * Writes {@code content} as UTF-8 to {@code target}, replacing any existing file. On failure the
     * temporary file is removed, the target is left as it was, and a {@link DdamInputException}
     * names the target and the reason (a missing folder or missing permission is the user's to fix).
     *
     * @param target  the file to create or replace
     * @param content what to write into it
     * @throws DdamInputException if the folder is missing or the file cannot be written or moved
     */
    public static void write(Path target, Content content) {
        writeStream(target, stream -> {
            try (Writer w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8))) {
                content.writeTo(w);
            }
        });
    }

    /**
     * Writes {@code bytes} (a PNG, say) to {@code target} the same way as {@link #write(Path, Content)}:
     * through a temporary file in the same folder, moved into place in one step.
     *
     * @param target the file to create or replace; its folder must exist
     * @param bytes  the whole content
     * @throws DdamInputException if the folder is missing or the file cannot be written
     */
    public static void write(Path target, byte[] bytes) {
        writeStream(target, stream -> {
            try (stream) {
                stream.write(bytes);
            }
        });
    }

    /** Fills an output stream; closes it. */
    private interface StreamContent {
        void writeTo(OutputStream out) throws IOException;
    }

    private static void writeStream(Path target, StreamContent content) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            if (dir != null && !Files.isDirectory(dir)) {
                throw new DdamInputException(target.toString(), 0, "cannot write: folder " + dir + " does not exist");
            }
            if (Files.isDirectory(abs)) throw new DdamInputException(target.toString(), 0, "cannot write: it is a folder");
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            try {
                // createTempFile makes the file owner-only; ordinary output files should be readable by others.
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: keep its defaults
            }
            content.writeTo(Files.newOutputStream(tmp));
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new DdamInputException(target.toString(), 0, "cannot write: " + describe(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort; the original failure is what the user needs to see
                }
            }
        }
    }

    private static String describe(IOException e) {
        return reason(e);
    }

    /**
     * Why an I/O operation failed, in words: no Java exception names and no temporary-file names
     * (the message names the target itself).
     *
     * @param e the failure
     * @return e.g. {@code "permission denied"}, {@code "No space left on device"}
     */
    public static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.NoSuchFileException) return "the folder does not exist";
        if (e instanceof java.nio.file.DirectoryNotEmptyException) return "a folder of that name is in the way";
        if (e instanceof java.nio.file.FileAlreadyExistsException) return "a file of that name is in the way";
        if (e instanceof java.nio.file.NotDirectoryException) return "a file is in the way of a folder";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        String m = e.getMessage();
        return m == null || m.isBlank() ? "input/output error" : m;
    }
}
