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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
            pending(tmp);
            shareable(tmp);
            content.writeTo(Files.newOutputStream(tmp));
            commit(List.of(tmp), List.of(abs), List.of(target));
            tmp = null;
        } catch (IOException e) {
            throw new DdamInputException(target.toString(), 0, "cannot write: " + describe(e), e);
        } finally {
            if (tmp != null) discard(tmp);
        }
    }

    /**
     * Writes several files as one set (a result and its plot; a folder of figures): all of them go
     * into a hidden temporary folder {@code .ddam-staging-*} in {@code folder} first, and only when
     * every one is complete are they moved into place, one rename each, while holding the lock that
     * the shutdown hook takes. So Ctrl-C or a kill (SIGINT, SIGTERM) either comes before the moves
     * (the old set stays, the staging folder is removed) or waits for them (the new set is complete).
     * Only SIGKILL or a power cut during the moves themselves, a window of a few renames, can
     * leave a mix; the next set written to the folder removes stale staging folders.
     *
     * @param folder the folder the files go into (created if missing)
     * @param files  file name (no folder part) to content, in the order to move them
     * @throws DdamInputException if the folder or a file cannot be written; nothing is moved then
     */
    public static void writeSet(Path folder, Map<String, byte[]> files) {
        Path dir = folder.toAbsolutePath();
        Path staging = null;
        String failing = folder.toString();
        try {
            Files.createDirectories(dir);
            removeStaleStaging(dir);
            staging = Files.createTempDirectory(dir, STAGING);
            pending(staging);
            List<Path> from = new ArrayList<>(), to = new ArrayList<>();
            List<Path> names = new ArrayList<>();
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = folder.resolve(f.getKey());
                failing = target.toString();
                if (Files.isDirectory(target)) throw new DdamInputException(failing, 0, "cannot write: it is a folder");
                Path tmp = staging.resolve(f.getKey());
                Files.write(tmp, f.getValue());
                shareable(tmp);
                from.add(tmp);
                to.add(dir.resolve(f.getKey()));
                names.add(target);
            }
            pauseForTests();
            commit(from, to, names);
        } catch (IOException e) {
            throw new DdamInputException(failing, 0, "cannot write: " + describe(e), e);
        } finally {
            if (staging != null) discard(staging);
        }
    }

    /** Name prefix of the staging folders of {@link #writeSet}. */
    static final String STAGING = ".ddam-staging-";

    private static final Object COMMIT = new Object();
    private static final java.util.Set<Path> PENDING = new java.util.LinkedHashSet<>();
    private static boolean hookInstalled;
    private static boolean shuttingDown;

    /** Remembers a temporary file or folder for the shutdown hook. */
    private static void pending(Path p) {
        synchronized (COMMIT) {
            if (!hookInstalled) {
                hookInstalled = true;
                try {
                    Runtime.getRuntime().addShutdownHook(new Thread(AtomicFiles::onShutdown, "ddam-cleanup"));
                } catch (IllegalStateException alreadyShuttingDown) {
                    shuttingDown = true;
                }
            }
            PENDING.add(p);
        }
    }

    /** Ctrl-C or SIGTERM: wait for a move in progress, then forbid more and remove what is not in place. */
    private static void onShutdown() {
        synchronized (COMMIT) {
            shuttingDown = true;
            for (Path p : PENDING) deleteTree(p);
            PENDING.clear();
        }
    }

    /** Moves every {@code from[i]} over {@code to[i]} under the lock; nothing if the JVM is shutting down. */
    private static void commit(List<Path> from, List<Path> to, List<Path> names) throws IOException {
        synchronized (COMMIT) {
            if (shuttingDown) throw new IOException("interrupted");
            for (int i = 0; i < from.size(); i++) {
                try {
                    Files.move(from.get(i), to.get(i), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(from.get(i), to.get(i), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            for (Path p : from) PENDING.remove(p);
        }
    }

    private static void discard(Path p) {
        synchronized (COMMIT) {
            deleteTree(p);
            PENDING.remove(p);
        }
    }

    private static void deleteTree(Path p) {
        try {
            if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try (java.util.stream.Stream<Path> in = Files.list(p)) {
                    for (Path c : in.toList()) deleteTree(c);
                }
            }
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover is hidden (dot name) and removed by the next set written there
        }
    }

    private static void removeStaleStaging(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> in = Files.list(dir)) {
            for (Path c : in.toList()) {
                if (c.getFileName().toString().startsWith(STAGING) && Files.isDirectory(c, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    // Left by a run killed with SIGKILL; another run's live staging folder is younger than a minute.
                    long age = System.currentTimeMillis() - Files.getLastModifiedTime(c).toMillis();
                    if (age > 60_000) deleteTree(c);
                }
            }
        }
    }

    private static void shareable(Path tmp) throws IOException {
        try {
            // createTempFile makes the file owner-only; ordinary output files should be readable by others.
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: keep its defaults
        }
    }

    /** Tests send signals at this point: {@code -Dddam.test.pauseBeforeCommitMs=N} sleeps between staging and moving. */
    private static void pauseForTests() {
        String ms = System.getProperty("ddam.test.pauseBeforeCommitMs");
        if (ms == null) return;
        try {
            System.err.flush();
            Thread.sleep(Long.parseLong(ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (NumberFormatException ignored) {
            // not a number: no pause
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
