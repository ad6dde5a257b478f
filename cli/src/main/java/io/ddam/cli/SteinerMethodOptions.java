package io.ddam.cli;

import io.ddam.solver.milp.ExactSteinerDesigner;
import io.ddam.solver.tree.TreeDesigner;

import picocli.CommandLine.Option;

/**
 * {@code --no-reduce} of {@code ddam steiner} and {@code ddam bench steiner}, and how {@code exact-steiner} reads
 * the shared {@code --method} of {@link SolverOptions} (docs/algorithms.md, "exact-steiner"). Other designers
 * ignore them.
 */
public final class SteinerMethodOptions {
    @Option(names = "--no-reduce", description = "exact-steiner: skip the reduction tests (the solver as it was before them).")
    boolean noReduce;

    /**
     * {@code d} with these options and {@code --method} (auto, dcut or dp) if it is the exact Steiner designer,
     * else {@code d} itself.
     */
    TreeDesigner apply(TreeDesigner d, String method) {
        ExactSteinerDesigner.Method m = ExactSteinerDesigner.Method.parse(method);
        if (!(d instanceof ExactSteinerDesigner x)) return d;
        return new ExactSteinerDesigner(x.options().withMethod(m).withReduce(!noReduce));
    }
}
