package io.ddam.online.protocol;

import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;

import java.util.SplittableRandom;

/** Test-only seeded random graphs and interest matrices. */
final class RandomInstances {
    private RandomInstances() {}

    /** A connected graph: a random spanning tree plus extra edges, edge delays in 1..maxDelay. */
    static Network connectedGraph(SplittableRandom r, int nodes, double extraEdgeProbability, int maxDelay) {
        Network.Builder b = Network.builder().addNodes(nodes);
        for (int i = 1; i < nodes; i++) b.addEdge(r.nextInt(i), i, 1 + r.nextInt(maxDelay), 1 + r.nextInt(5));
        for (int i = 0; i < nodes; i++) {
            for (int j = i + 1; j < nodes; j++) {
                if (!b.hasEdge(i, j) && r.nextDouble() < extraEdgeProbability) {
                    b.addEdge(i, j, 1 + r.nextInt(maxDelay), 1 + r.nextInt(5));
                }
            }
        }
        return b.build();
    }

    /** A row-stochastic W with w_nn &gt; 0 and each other entry present with probability {@code density}. */
    static InterestMatrix interest(SplittableRandom r, int agents, double density) {
        double[][] w = new double[agents][agents];
        for (int n = 0; n < agents; n++) {
            double s = 0;
            for (int m = 0; m < agents; m++) {
                if (m == n || r.nextDouble() < density) {
                    w[n][m] = 0.05 + r.nextDouble();
                    s += w[n][m];
                }
            }
            for (int m = 0; m < agents; m++) w[n][m] /= s;
        }
        return InterestMatrix.of(w);
    }
}
