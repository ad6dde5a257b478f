package io.ddam.solver.tree;

import io.ddam.solver.graph.Network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately tiny test-only reader for the well-formed SteinLib STP and PACE .gr files in the
 * shared data folder: it reads {@code Nodes n}, {@code E u v c} and {@code T v} lines and ignores the
 * rest. The project's real reader lives in {@code io}; this one only keeps the tree tests independent.
 */
final class StpTestParser {
    private StpTestParser() {}

    record Parsed(Network network, int[] terminals) {}

    static Parsed parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int nodes = -1;
        Network.Builder b = null;
        List<Integer> terms = new ArrayList<>();
        for (String raw : lines) {
            String[] f = raw.trim().split("\\s+");
            if (f.length == 0 || f[0].isEmpty()) continue;
            String k = f[0];
            if (k.equalsIgnoreCase("Nodes")) {
                nodes = Integer.parseInt(f[1]);
                b = Network.builder();
                for (int i = 1; i <= nodes; i++) b.addNode(i, null);
            } else if (k.equals("E")) {
                b.addEdge(Integer.parseInt(f[1]), Integer.parseInt(f[2]), 1, Double.parseDouble(f[3]));
            } else if (k.equals("T")) {
                terms.add(Integer.parseInt(f[1]));
            }
        }
        Network g = b.build();
        int[] t = new int[terms.size()];
        for (int i = 0; i < t.length; i++) t[i] = g.indexOf(terms.get(i));
        return new Parsed(g, t);
    }
}
