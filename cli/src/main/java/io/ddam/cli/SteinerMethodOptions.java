package io.ddam.cli;

import io.ddam.solver.milp.ExactSteinerDesigner;
import io.ddam.solver.tree.TreeDesigner;

import picocli.CommandLine.Option;

/**
 * {@code --method} and {@code --no-reduce} of {@code ddam steiner} and {@code ddam bench steiner}: how
 * {@code exact-steiner} solves (docs/algorithms.md, "exact-steiner"). Other designers ignore them.
 */
public final class SteinerMethodOptions {
    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "auto",
            description = "exact-steiner: auto (default: the dynamic program when the terminals are few, else the "
                    + "directed-cut MILP), dcut or dp.")
    String method;

    @Option(names = "--no-reduce", description = "exact-steiner: skip the reduction tests (the solver as it was before them).")
    boolean noReduce;

    /** {@code d} with these options if it is the exact Steiner designer, else {@code d} itself. */
    TreeDesigner apply(TreeDesigner d) {
        ExactSteinerDesigner.Method m = ExactSteinerDesigner.Method.parse(method);
        if (!(d instanceof ExactSteinerDesigner x)) return d;
        return new ExactSteinerDesigner(x.options().withMethod(m).withReduce(!noReduce));
    }
}
