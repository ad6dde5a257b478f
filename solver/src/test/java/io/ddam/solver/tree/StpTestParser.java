package io.ddam.solver.tree;

import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.Network;
import io.ddam.solver.io.InstanceFiles;

import java.nio.file.Path;

/**
 * SteinLib STP / PACE .gr files for the tree tests, read with the project's reader
 * ({@link InstanceFiles}), which is itself tested against the published node, edge and terminal
 * counts of every file.
 */
final class StpTestParser {
    private StpTestParser() {}

    record Parsed(Network network, int[] terminals) {}

    static Parsed parse(Path file) {
        Instance inst = InstanceFiles.read(file);
        return new Parsed(inst.network(), inst.terminals());
    }
}
