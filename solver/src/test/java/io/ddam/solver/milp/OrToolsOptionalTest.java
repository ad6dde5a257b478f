package io.ddam.solver.milp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Network;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * OR-Tools is optional: without {@code ortools-java} on the class path the MILP designers fail with
 * one clear {@link DdamInputException}, not a {@link NoClassDefFoundError}, and everything else works.
 * The "without" half runs {@link WithoutOrTools} in a fresh class loader over the test class path
 * minus OR-Tools and what only it needs (JNA, protobuf).
 */
class OrToolsOptionalTest {
    private static final Pattern HIDDEN = Pattern.compile("ortools|[/\\\\]jna|protobuf-java");

    @Test
    void withOrToolsOnTheClassPathItIsAvailableAndRequirePasses() {
        assertTrue(OrTools.isAvailable());
        OrTools.require();   // must not throw
    }

    @Test
    void withoutOrToolsEveryMilpEntryPointSaysSoAndGraphDesignersStillWork() throws Exception {
        List<URL> urls = new ArrayList<>();
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) cp = System.getProperty("java.class.path");
        for (String e : cp.split(File.pathSeparator)) {
            if (!e.isBlank() && !HIDDEN.matcher(e).find()) urls.add(Path.of(e).toUri().toURL());
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            // The isolated loader really cannot see OR-Tools (else this test could not fail).
            assertThrowsClassNotFound(loader, "com.google.ortools.linearsolver.MPSolver");
            @SuppressWarnings("unchecked")
            Callable<String> probe = (Callable<String>) loader.loadClass(WithoutOrTools.class.getName())
                    .getDeclaredConstructor().newInstance();
            String m = OrTools.MISSING_MESSAGE;
            assertEquals(String.join("\n",
                    "isAvailable=false",
                    "require: DdamInputException: " + m,
                    "ensureLoaded: DdamInputException: " + m,
                    "star.design: DdamInputException: " + m,
                    "star.designAll: DdamInputException: " + m,
                    "exact-steiner.design: DdamInputException: " + m,
                    "joint.design: DdamInputException: " + m,
                    "spt: tree with 3 edges",
                    "isLoaded=false"), probe.call());
        }
    }

    private static void assertThrowsClassNotFound(ClassLoader loader, String name) {
        try {
            Class.forName(name, false, loader);
            throw new AssertionError(name + " should be hidden from the isolated loader");
        } catch (ClassNotFoundException expected) {
            assertFalse(expected.getMessage().isEmpty());
        }
    }

    /** Runs inside the loader without OR-Tools; reports what each entry point did, one line each. */
    public static final class WithoutOrTools implements Callable<String> {
        @Override
        public String call() {
            Network path = Network.builder().addNodes(4).addEdge(0, 1).addEdge(1, 2).addEdge(2, 3).build();
            int[] targets = {1, 2, 3};
            List<String> out = new ArrayList<>();
            out.add("isAvailable=" + OrTools.isAvailable());
            out.add(attempt("require", OrTools::require));
            out.add(attempt("ensureLoaded", OrTools::ensureLoaded));
            out.add(attempt("star.design", () -> new StarMilpDesigner().design(path, 0, targets)));
            out.add(attempt("star.designAll", () -> new StarMilpDesigner().designAll(path, io.ddam.solver.generate.InterestGenerators.uniform(4), 1)));
            out.add(attempt("exact-steiner.design", () -> new ExactSteinerDesigner().design(path, 0, targets)));
            out.add(attempt("joint.design", () -> new JointMilpDesigner().design(path, io.ddam.solver.generate.InterestGenerators.uniform(4))));
            out.add("spt: tree with " + new io.ddam.solver.tree.ShortestPathTreeDesigner().design(path, 0, targets)
                    .tree().edgeCount() + " edges");
            out.add("isLoaded=" + OrTools.isLoaded());
            return String.join("\n", out);
        }

        private static String attempt(String what, Runnable r) {
            try {
                r.run();
                return what + ": returned";
            } catch (Throwable t) {   // NoClassDefFoundError must show up here, not escape
                return what + ": " + t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
    }
}
