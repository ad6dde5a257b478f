package io.ddam.solver.milp;

import io.ddam.solver.DdamInputException;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPSolver;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/**
 * The one door to OR-Tools' native code: loads it once, lazily, and creates configured
 * {@link MPSolver}s for a {@link Backend}.
 *
 * <p>OR-Tools' own {@link Loader#loadNativeLibraries()} unpacks ~70 MB of shared libraries to a fresh
 * temporary folder on every start. Here the linux-x86-64 libraries are unpacked once into a persistent,
 * content-keyed cache folder and loaded from there ({@code $XDG_CACHE_HOME/ddam} or {@code ~/.cache/ddam};
 * override with the system property {@value #CACHE_PROPERTY}, or set it to {@code off} to use OR-Tools'
 * loader). Any failure of the cache falls back to OR-Tools' loader, so the cache can only make loading
 * faster, never break it. Nothing here touches native code until {@link #ensureLoaded()} (or a method
 * that needs a solver) is called: commands that do not solve never pay for it.
 *
 * <p>OR-Tools is optional for library users: without {@code ortools-java} on the class path,
 * {@link #isAvailable()} is false and every MILP entry point ({@link #require()}, {@link #ensureLoaded()},
 * the MILP designers' {@code design} methods) throws a {@link DdamInputException} saying so instead of a
 * {@link NoClassDefFoundError}. Code that needs OR-Tools calls {@link #require()} before it touches any
 * {@code com.google.ortools} class.
 */
public final class OrTools {
    /** System property naming the extraction cache folder, or {@code off}. */
    public static final String CACHE_PROPERTY = "ddam.ortools.cache";

    private static final String NATIVE_DIR = "ortools-linux-x86-64/";
    private static final String JNI_LIBRARY = "libjniortools.so";

    private static final Object LOCK = new Object();
    private static volatile boolean loaded;
    private static volatile String loadedFrom = "not loaded";
    private static volatile long loadNanos = -1;
    private static volatile List<Backend> available;
    /** Whether ortools-java is on the class path; computed once, by name only (nothing is loaded). */
    private static volatile Boolean onClassPath;

    /** The message of {@link #require()}; tests and docs quote it. */
    public static final String MISSING_MESSAGE = "the MILP designers need ortools-java on the classpath "
            + "(add the Maven dependency com.google.ortools:ortools-java, or use a graph designer such as spt, kmb or mehlhorn)";

    private OrTools() {}

    /**
     * The MILP solvers ddam can drive through OR-Tools' MPSolver, with the names used on the command line.
     * {@link #SCIP} is the default: open source, single-threaded and exact on our models.
     */
    public enum Backend {
        /** SCIP branch-and-cut (default). */
        SCIP("scip", "SCIP"),
        /** HiGHS MIP solver. */
        HIGHS("highs", "HIGHS"),
        /** COIN-OR CBC. */
        CBC("cbc", "CBC"),
        /** CP-SAT through the MPSolver wrapper (it needs integer variables; see the designers). */
        CP_SAT("cp-sat", "SAT");

        private final String cliName;
        private final String solverId;

        Backend(String cliName, String solverId) {
            this.cliName = cliName;
            this.solverId = solverId;
        }

        /**
         * The name used on the command line and in results.
         *
         * @return {@code "scip"}, {@code "highs"}, {@code "cbc"} or {@code "cp-sat"}
         */
        public String cliName() { return cliName; }

        /** The id passed to {@link MPSolver#createSolver(String)}. */
        String solverId() { return solverId; }

        /**
         * Parses a command-line name ({@code scip|highs|cbc|cp-sat}, case-insensitive; {@code cp_sat} and
         * {@code sat} are accepted too). Does not load native code.
         *
         * @param name a backend name, e.g. {@code "scip"}; {@code null} is treated as empty
         * @return the backend
         * @throws DdamInputException listing the known names if there is no such backend
         */
        public static Backend parse(String name) {
            String s = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            if (s.equals("sat")) return CP_SAT;
            for (Backend b : values()) if (b.cliName.equals(s)) return b;
            throw new DdamInputException("unknown solver '" + name + "'; choose one of "
                    + java.util.Arrays.stream(values()).map(Backend::cliName).collect(Collectors.joining(", ")));
        }

        @Override
        public String toString() { return cliName; }
    }

    /**
     * Whether OR-Tools' Java classes ({@code ortools-java}) are on the class path, so that the MILP
     * designers can be used. Looks the classes up by name without initialising them and loads no native
     * code; the answer is computed once per JVM.
     *
     * @return true if {@code com.google.ortools.linearsolver.MPSolver} and {@code com.google.ortools.Loader}
     *         can be found
     */
    public static boolean isAvailable() {
        Boolean b = onClassPath;
        if (b == null) {
            ClassLoader cl = OrTools.class.getClassLoader();
            try {
                Class.forName("com.google.ortools.Loader", false, cl);
                Class.forName("com.google.ortools.linearsolver.MPSolver", false, cl);
                b = Boolean.TRUE;
            } catch (ClassNotFoundException | LinkageError e) {
                b = Boolean.FALSE;
            }
            onClassPath = b;
        }
        return b;
    }

    /**
     * The guard every MILP entry point calls first: returns quietly when OR-Tools is on the class path
     * and otherwise throws the one clear error, {@value #MISSING_MESSAGE}. Loads no native code.
     *
     * @throws DdamInputException if {@code ortools-java} is not on the class path
     */
    public static void require() {
        if (!isAvailable()) throw new DdamInputException(MISSING_MESSAGE);
    }

    /**
     * Loads OR-Tools' native libraries once per JVM; thread-safe, cheap after the first call.
     *
     * @throws DdamInputException if {@code ortools-java} is not on the class path ({@link #require()})
     */
    public static void ensureLoaded() {
        if (loaded) return;
        require();
        synchronized (LOCK) {
            if (loaded) return;
            long t0 = System.nanoTime();
            String from = null;
            try {
                from = loadFromCache();
            } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
                from = null; // the cache is an optimisation only; OR-Tools' own loader still works
            }
            if (from == null) {
                Loader.loadNativeLibraries();
                from = "OR-Tools loader (temporary folder)";
            }
            loadNanos = System.nanoTime() - t0;
            loadedFrom = from;
            loaded = true;
        }
    }

    /**
     * Whether the native libraries are loaded in this JVM (tests use it to check that commands which
     * solve nothing never load them).
     *
     * @return true once {@link #ensureLoaded()} has succeeded
     */
    public static boolean isLoaded() { return loaded; }

    /**
     * Wall time the native load took.
     *
     * @return nanoseconds, or -1 if not loaded yet
     */
    public static long loadNanos() { return loadNanos; }

    /**
     * Where the native libraries were loaded from (for {@code --debug} output and benchmarks).
     *
     * @return a description such as the cache folder, or {@code "not loaded"}
     */
    public static String loadedFrom() { return loadedFrom; }

    /**
     * Whether a solution hint ({@code MPSolver.setHint}) may be given to this backend. Not to HiGHS:
     * OR-Tools 9.15's HiGHS wrapper crashes the JVM (SIGSEGV in {@code HighsSolveProto}) when a hint
     * is set, so the designers solve HiGHS models without a starting solution.
     *
     * @param backend the MILP solver
     * @return false for HiGHS, true otherwise
     */
    public static boolean acceptsHints(Backend backend) {
        return backend != Backend.HIGHS;
    }

    /**
     * Whether {@code MPSolverParameters.RELATIVE_MIP_GAP} may be set for this backend: SCIP, HiGHS and CBC
     * honour it; CP-SAT's wrapper does not (CP-SAT searches to a zero gap by default).
     *
     * @param backend the MILP solver
     * @return false for CP-SAT, true otherwise
     */
    public static boolean acceptsMipGap(Backend backend) {
        return backend != Backend.CP_SAT;
    }

    /**
     * Solver parameters for a proof: relative MIP gap 0 where the backend takes it. OR-Tools' default, 1e-4, lets a
     * backend report OPTIMAL up to 0.01 % above the optimum: 8.8 on a C_max of 87,680, whose grid step is 2.
     *
     * @param backend the MILP solver
     * @return parameters for {@code MPSolver.solve(MPSolverParameters)}
     */
    public static com.google.ortools.linearsolver.MPSolverParameters exactGap(Backend backend) {
        var p = new com.google.ortools.linearsolver.MPSolverParameters();
        if (acceptsMipGap(backend)) p.setDoubleParam(com.google.ortools.linearsolver.MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0.0);
        return p;
    }

    /**
     * The backends that can be created on this machine, in enum order; loads native code.
     *
     * @return an unmodifiable list, computed once per JVM
     */
    public static List<Backend> availableBackends() {
        require();
        List<Backend> a = available;
        if (a != null) return a;
        ensureLoaded();
        synchronized (LOCK) {
            if (available == null) {
                List<Backend> list = new ArrayList<>();
                for (Backend b : Backend.values()) {
                    MPSolver s = MPSolver.createSolver(b.solverId());
                    if (s != null) {
                        list.add(b);
                        s.delete();
                    }
                }
                available = Collections.unmodifiableList(list);
            }
            return available;
        }
    }

    /**
     * A new, empty MILP solver of this backend with output off and {@code threads} threads (SCIP is
     * always given one: with more it stops early with non-optimal answers). The caller must
     * {@link MPSolver#delete()} it. Throws a {@link DdamInputException} naming the available backends
     * when this one cannot be created here.
     *
     * @param backend the MILP solver to create
     * @param threads solver threads, ≥ 1 (ignored for SCIP)
     * @return a new solver; the caller must delete it
     * @throws DdamInputException if the backend is not available in this OR-Tools build
     */
    public static MPSolver createSolver(Backend backend, int threads) {
        ensureLoaded();   // first: throws the clear error of require() when OR-Tools is absent
        MPSolver s = MPSolver.createSolver(backend.solverId());
        if (s == null) {
            throw new DdamInputException("solver '" + backend.cliName() + "' is not available here; available: "
                    + availableBackends().stream().map(Backend::cliName).collect(Collectors.joining(", ")));
        }
        s.suppressOutput();
        int t = backend == Backend.SCIP ? 1 : Math.max(1, threads);
        s.setNumThreads(t);
        if (backend == Backend.SCIP) {
            // SCIP installs its own SIGINT handler for the solve and does not give Ctrl-C back: the
            // command then runs on (and exits 0) after the user asked it to stop. With this off, the
            // JVM's handler stays in charge: Ctrl-C ends the process at once (exit 130), its shutdown
            // hooks removing temporary files.
            s.setSolverSpecificParametersAsString("misc/catchctrlc = FALSE\n");
        }
        if (backend == Backend.HIGHS) {
            // suppressOutput does not silence HiGHS' banner; an unknown HiGHS key would throw, this one exists.
            s.setSolverSpecificParametersAsString("output_flag=false\n");
        }
        return s;
    }

    /**
     * A linear-programming solver for cutting-plane loops: CLP (measured 2-3x faster than GLOP when rows
     * are added between solves on SteinLib C), else GLOP, which is always built in. The caller deletes it.
     *
     * @return a new LP solver with output off
     * @throws IllegalStateException if OR-Tools has neither CLP nor GLOP
     */
    public static MPSolver createLpSolver() { return createLpSolver(false); }

    /**
     * As {@link #createLpSolver()}, or GLOP when {@code interruptible}: CLP measures its time limit in
     * process CPU time and cannot be interrupted, so on a shared machine a large CLP solve overran a
     * wall-time limit by 2× (issue 21); GLOP honours {@link MPSolver#interruptSolve()}.
     *
     * @param interruptible true for a solver that stops when interrupted (GLOP)
     * @return a new LP solver with output off
     * @throws IllegalStateException if OR-Tools has neither CLP nor GLOP
     */
    public static MPSolver createLpSolver(boolean interruptible) {
        ensureLoaded();
        MPSolver s = interruptible ? null : MPSolver.createSolver("CLP");
        if (s == null) s = MPSolver.createSolver("GLOP");
        if (s == null) throw new IllegalStateException("OR-Tools was built without an LP solver");
        s.suppressOutput();
        return s;
    }

    // ---------------------------------------------------------------- persistent extraction cache

    /** Loads the JNI library from the persistent cache; returns a description, or null when not applicable. */
    private static String loadFromCache() throws IOException {
        String setting = System.getProperty(CACHE_PROPERTY, "").trim();
        if (setting.equalsIgnoreCase("off")) return null;
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) return null;
        URL url = Loader.class.getClassLoader().getResource(NATIVE_DIR + JNI_LIBRARY);
        if (url == null) return null;
        Path dir;
        if (url.getProtocol().equals("file")) {
            // Exploded natives (an IDE or a shaded layout): load them where they are.
            dir = Path.of(java.net.URI.create(url.toString())).getParent();
        } else if (url.getProtocol().equals("jar")) {
            URLConnection c = url.openConnection();
            if (!(c instanceof JarURLConnection jc)) return null;
            Path jar = Path.of(jc.getJarFileURL().getPath());
            Path base = setting.isEmpty() ? defaultCacheBase() : Path.of(setting);
            // Keyed by the jar's name, size and date so a new OR-Tools version never reuses old libraries.
            String key = jar.getFileName().toString().replaceAll("\\.jar$", "") + "-"
                    + Long.toHexString(Files.size(jar)) + "-" + Long.toHexString(Files.getLastModifiedTime(jar).toMillis());
            dir = base.resolve(key);
            if (!Files.isRegularFile(dir.resolve(JNI_LIBRARY))) extract(jar, base, dir);
        } else {
            return null;
        }
        System.load(dir.resolve(JNI_LIBRARY).toAbsolutePath().toString());
        markOrToolsLoaderDone();
        return dir.toString();
    }

    private static Path defaultCacheBase() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path root = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return root.resolve("ddam");
    }

    /** Unpacks into a private folder, then renames it into place, so a half-written cache is never seen. */
    private static void extract(Path jar, Path base, Path dir) throws IOException {
        Files.createDirectories(base);
        Path tmp = Files.createTempDirectory(base, ".ortools-");
        try (JarFile jf = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> en = jf.entries();
            while (en.hasMoreElements()) {
                JarEntry e = en.nextElement();
                if (e.isDirectory() || !e.getName().startsWith(NATIVE_DIR)) continue;
                String name = e.getName().substring(NATIVE_DIR.length());
                if (name.isEmpty() || name.contains("/")) continue;
                try (InputStream in = jf.getInputStream(e)) {
                    Files.copy(in, tmp.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                // Another process finished first; its copy is as good as ours.
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir);
            }
        } finally {
            if (Files.exists(tmp)) deleteTree(tmp);
        }
    }

    private static void deleteTree(Path p) {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a stray temp folder in the cache is harmless
        }
    }

    /** Tells OR-Tools' loader the work is done, so a later call to it does not unpack a second copy. */
    private static void markOrToolsLoaderDone() {
        try {
            Field f = Loader.class.getDeclaredField("loaded");
            f.setAccessible(true);
            f.setBoolean(null, true);
        } catch (ReflectiveOperationException | RuntimeException ignored) {
            // Only an optimisation; OR-Tools' loader would still work (it loads its own copy).
        }
    }

    /** One daemon thread that interrupts solves at their deadlines ({@link #solveWithin}). */
    private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ddam-solver-watchdog");
                t.setDaemon(true);
                return t;
            });

    /**
     * {@code s.solve(params)} with {@link MPSolver#interruptSolve()} called at {@code deadline} by a watchdog thread. The
     * solver's own time limit should still be set: the interrupt is the backstop for the backends that check their
     * limit too rarely when the machine is loaded (SCIP's presolve and node LPs, GLOP's factorisations). SCIP and GLOP
     * honour it; the others finish as they would.
     *
     * @param s        the solver, with its model built
     * @param params   solver parameters, or null for the defaults
     * @param deadline the {@link System#nanoTime()} at which to interrupt; {@code Long.MAX_VALUE} for none
     * @return what {@code solve} returns (an interrupted solve reports what it has found, as at its time limit)
     */
    public static MPSolver.ResultStatus solveWithin(MPSolver s, com.google.ortools.linearsolver.MPSolverParameters params, long deadline) {
        if (deadline == Long.MAX_VALUE) return params == null ? s.solve() : s.solve(params);
        Object lock = new Object();
        boolean[] over = {false};
        java.util.concurrent.ScheduledFuture<?> f = WATCHDOG.schedule(() -> {
            synchronized (lock) {
                if (!over[0]) s.interruptSolve();
            }
        }, Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        try {
            return params == null ? s.solve() : s.solve(params);
        } finally {
            synchronized (lock) {
                over[0] = true;   // the caller may delete the solver right after: never interrupt it then
            }
            f.cancel(false);
        }
    }
}
