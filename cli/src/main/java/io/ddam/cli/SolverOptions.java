package io.ddam.cli;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.milp.ExactSteinerDesigner;
import io.ddam.solver.milp.OrTools;
import io.ddam.solver.milp.StarMilpDesigner;
import io.ddam.solver.tree.ShortestPathTreeDesigner;
import io.ddam.solver.tree.TreeDesigner;
import io.ddam.solver.tree.TreeDesigners;

import java.util.Locale;

import picocli.CommandLine.Option;

/**
 * MILP options shared by the commands that can solve with OR-Tools, and the one place that turns a
 * designer name into a designer. Only {@code star} and {@code exact-steiner} touch OR-Tools, and
 * they load its natives only when they solve.
 */
public final class SolverOptions {
    @Option(names = "--solver", paramLabel = "BACKEND", defaultValue = "scip",
            description = "MILP backend for star and exact-steiner: scip (default), highs, cbc, cp-sat.")
    String solver;

    @Option(names = "--time-limit", paramLabel = "SECONDS", defaultValue = "60",
            description = "Time limit per MILP solve, in seconds (default: ${DEFAULT-VALUE}; 0 = none). "
                    + "At the limit the best tree found is reported with its gap.")
    double timeLimit;

    @Option(names = "--no-start", description = "star: do not give the shortest-path tree to the solver as a starting solution.")
    boolean noStart;

    /** All designer names, in display order. */
    static final String NAMES = "star, spt, kmb, mehlhorn, exact-steiner";

    TreeDesigner designer(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (Double.isNaN(timeLimit) || timeLimit < 0) throw new DdamInputException("--time-limit must be >= 0 seconds, not " + timeLimit);
        switch (n) {
            case "star": {
                StarMilpDesigner.Options o = StarMilpDesigner.Options.defaults()
                        .withBackend(OrTools.Backend.parse(solver)).withTimeLimit(timeLimit);
                if (!noStart) o = o.withStart(new ShortestPathTreeDesigner());
                return new StarMilpDesigner(o);
            }
            case "exact-steiner":
            case "exact":
                return new ExactSteinerDesigner(ExactSteinerDesigner.Options.defaults()
                        .withBackend(OrTools.Backend.parse(solver)).withTimeLimit(timeLimit));
            default:
                return TreeDesigners.byName(n).orElseThrow(() ->
                        new DdamInputException("unknown designer '" + name + "'; choose one of " + NAMES));
        }
    }

    static boolean usesMilp(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("star") || n.startsWith("exact");
    }
}
