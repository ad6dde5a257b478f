package io.ddam.solver.milp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Native OR-Tools code must load only when something is solved: a fresh JVM that parses backends,
 * builds options and designers and asks for their names must not load it (the CLI's {@code --help},
 * {@code spt} and {@code kmb} rely on that), while one solve must.
 */
class LazyLoadingTest {

    /** Run in a fresh JVM by the test: prints whether natives were loaded before and after a solve. */
    public static void main(String[] args) {
        OrTools.Backend b = OrTools.Backend.parse("highs");
        StarMilpDesigner star = new StarMilpDesigner(StarMilpDesigner.Options.defaults().withBackend(b).withTimeLimit(5));
        ExactSteinerDesigner exact = new ExactSteinerDesigner();
        String names = star.name() + "," + exact.name();
        boolean before = OrTools.isLoaded();
        io.ddam.solver.graph.Network g = io.ddam.solver.graph.Network.builder().addNodes(3).addEdge(0, 1).addEdge(1, 2).build();
        star.design(g, 0, new int[] {2});
        System.out.println(names + " before=" + before + " after=" + OrTools.isLoaded());
    }

    @Test
    void constructingDesignersDoesNotLoadNativesButSolvingDoes() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LazyLoadingTest.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        List<String> lines = out.lines().toList();
        assertEquals("star,exact-steiner before=false after=true", lines.get(lines.size() - 1), out);
    }
}
