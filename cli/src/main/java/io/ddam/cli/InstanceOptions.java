package io.ddam.cli;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.generate.InterestSpec;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.io.InstanceFiles;

import java.nio.file.Path;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How commands that need an interest matrix read their instance: the file (any format, with the
 * GraphML delay options), optionally a replacement W from {@code --interest SPEC} seeded by
 * {@code --seed}, and a clear error when the result still has no W.
 */
public final class InstanceOptions {
    @Option(names = "--interest", paramLabel = "SPEC",
            description = "Use this W instead of the file's (needed for .stp/.gr/.graphml), e.g. uniform or dirichlet:y0=2,y1=10,seed=1.")
    String interest;

    @Option(names = "--seed", paramLabel = "S", description = "Seed for a random --interest spec without seed=.")
    Long seed;

    @Mixin
    GraphMLOptions graphml;

    /** The instance in {@code file}, with W replaced by {@code --interest} if given; it always has W. */
    Instance load(Path file) {
        Instance inst = InstanceFiles.read(file, graphml.options());
        if (interest != null) {
            InterestSpec spec = InterestSpec.parse(interest, seed);
            try {
                inst = spec.applyTo(inst);
            } catch (DdamInputException e) {
                // e.g. W too large for this network: the file's network is what it is too large for
                throw e.source() == null ? e.at(file.toString(), 0) : e;
            }
        }
        if (inst.interest().isEmpty()) {
            throw new DdamInputException(file.toString(), 0, "has no interest matrix W; give one with --interest (e.g. --interest uniform)");
        }
        return inst;
    }
}
