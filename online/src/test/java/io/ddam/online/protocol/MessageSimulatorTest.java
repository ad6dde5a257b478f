package io.ddam.online.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.JointHeuristicDesigner;
import io.ddam.solver.tree.KmbSteinerDesigner;
import io.ddam.solver.tree.RoutingTree;
import io.ddam.solver.tree.ShortestPathTreeDesigner;
import io.ddam.solver.tree.Transport;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.TreeMetrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DDAM-TOGD's ring-buffer protocol against an independent hop-by-hop message simulator: message
 * objects that cross one tree edge in d_e steps, are forwarded at nodes and, under the aggregate
 * transport, summed at nodes. Under both transports the root must apply exactly the terms of eq. (14), so
 * the simulated iterates equal the protocol's (to 1e-12: sums are formed in another order), and the
 * messages the simulator sends over each link in a steady-state step must equal {@link TreeMetrics#loads}.
 */
class MessageSimulatorTest {
    private static final int STEPS = 40;

    /** One message on its way: it arrives at {@code node} at step {@code arrival}. */
    private record Message(int root, boolean up, int node, int target, int origin, double[] payload) {}

    /** The simulation's result: iterates x[t][n] (t = 1..T) and messages sent per edge at each step. */
    private record Result(double[][][] x, long[][] sentPerStep) {}

    /**
     * Runs DDAM-TOGD by moving messages. Step t: record X_{n,t}; every root sends X_{n,t} down (unicast: one
     * message per target, routed along the tree path; aggregate: one per tree edge, forwarded at every node
     * to the children whose subtree holds targets). A node that is a target of root n and receives n's memory
     * of origin s computes w_{n,m}∇f_{m,s}(X_{n,s}) on its data of time s and sends it up (unicast: alone;
     * aggregate: added to every partial sum that reaches the node in the same step, one message to the parent).
     * At the end of step t the root updates with its own term and every gradient that arrived at step t.
     */
    private static Result simulate(Network g, List<RoutingTree> trees, InterestMatrix w, MemoryCost cost, Projection proj,
                                   double[] eta, ArrayStream data, int steps, Transport transport) {
        int agents = w.size();
        int size = cost.rows() * cost.cols();
        double[][][] x = new double[steps + 2][agents][size];
        long[][] sent = new long[steps + 1][g.edgeCount()];
        Map<Integer, List<Message>> arrivals = new HashMap<>();
        // targetBelow[n][v]: v's subtree in T_n holds a target of n (so aggregate forwards memory to v).
        boolean[][] targetBelow = new boolean[agents][g.nodeCount()];
        for (int n = 0; n < agents; n++) {
            for (int m : w.interestSet(n)) {
                for (int v = m; v != n; v = trees.get(n).parent(v)) targetBelow[n][v] = true;
            }
        }
        for (int t = 1; t <= steps; t++) {
            final int now = t;
            double[][] grad = new double[agents][size];
            // (1) roots send their memory of step t down.
            for (int n = 0; n < agents; n++) {
                RoutingTree tree = trees.get(n);
                if (transport == Transport.UNICAST) {
                    for (int m : w.interestSet(n)) {
                        if (m != n) sendDown(g, tree, n, n, m, t, x[t][n].clone(), arrivals, sent[t], now);
                    }
                } else {
                    for (int c = 0; c < g.nodeCount(); c++) {
                        if (c != n && targetBelow[n][c] && tree.parent(c) == n) sendDown(g, tree, n, n, c, t, x[t][n].clone(), arrivals, sent[t], now);
                    }
                }
                // The root's own term has no delay.
                if (w.weight(n, n) > 0) {
                    cost.addGradient(x[t][n], data.keys[t - 1][n], data.values[t - 1][n], w.weight(n, n), grad[n]);
                }
            }
            // (2) arrivals of this step: memory first (targets compute gradients), then gradients.
            List<Message> here = arrivals.getOrDefault(t, List.of());
            Map<Long, double[]> partial = new HashMap<>(); // (root, node) -> sum to send up this step
            for (Message msg : here) {
                if (msg.up()) continue;
                int n = msg.root(), v = msg.node();
                RoutingTree tree = trees.get(n);
                boolean isTarget = w.weight(n, v) > 0;
                if (transport == Transport.UNICAST) {
                    if (v == msg.target()) {
                        double[] gr = new double[size];
                        cost.addGradient(msg.payload(), data.keys[msg.origin() - 1][v], data.values[msg.origin() - 1][v], w.weight(n, v), gr);
                        sendUp(g, tree, n, v, gr, arrivals, sent[t], now);
                    } else {
                        sendDown(g, tree, n, v, msg.target(), msg.origin(), msg.payload(), arrivals, sent[t], now);
                    }
                } else {
                    if (isTarget) {
                        double[] gr = partial.computeIfAbsent(key(n, v), k -> new double[size]);
                        cost.addGradient(msg.payload(), data.keys[msg.origin() - 1][v], data.values[msg.origin() - 1][v], w.weight(n, v), gr);
                    }
                    for (int c = 0; c < g.nodeCount(); c++) {
                        if (c != n && targetBelow[n][c] && tree.parent(c) == v) {
                            sendDown(g, tree, n, v, c, msg.origin(), msg.payload(), arrivals, sent[t], now);
                        }
                    }
                }
            }
            for (Message msg : here) {
                if (!msg.up()) continue;
                int n = msg.root(), v = msg.node();
                if (v == n) {
                    for (int j = 0; j < size; j++) grad[n][j] += msg.payload()[j];
                } else if (transport == Transport.UNICAST) {
                    sendUp(g, trees.get(n), n, v, msg.payload(), arrivals, sent[t], now);
                } else {
                    double[] p = partial.computeIfAbsent(key(n, v), k -> new double[size]);
                    for (int j = 0; j < size; j++) p[j] += msg.payload()[j];
                }
            }
            // (3) aggregate: one message per node and root with something to send up.
            for (Map.Entry<Long, double[]> e : partial.entrySet()) {
                int n = (int) (e.getKey() >> 32), v = (int) (long) e.getKey();
                sendUp(g, trees.get(n), n, v, e.getValue(), arrivals, sent[t], now);
            }
            arrivals.remove(t);
            // (4) the roots' updates.
            for (int n = 0; n < agents; n++) {
                for (int j = 0; j < size; j++) x[t + 1][n][j] = x[t][n][j] - eta[n] * grad[n][j];
                proj.project(x[t + 1][n]);
            }
        }
        return new Result(x, sent);
    }

    private static long key(int n, int v) { return ((long) n << 32) | v; }

    /** Sends root n's memory from {@code from} one hop down towards {@code toward} (a target, or a child for aggregate). */
    private static void sendDown(Network g, RoutingTree tree, int n, int from, int toward, int origin, double[] payload,
                                 Map<Integer, List<Message>> arrivals, long[] sent, int now) {
        int next = toward;
        while (tree.parent(next) != from) next = tree.parent(next);
        int e = tree.parentEdge(next);
        sent[e]++;
        arrivals.computeIfAbsent(now + g.delay(e), k -> new ArrayList<>()).add(new Message(n, false, next, toward, origin, payload));
    }

    /** Sends a gradient (or partial sum) for root n from {@code from} one hop up. */
    private static void sendUp(Network g, RoutingTree tree, int n, int from, double[] payload,
                               Map<Integer, List<Message>> arrivals, long[] sent, int now) {
        int e = tree.parentEdge(from);
        sent[e]++;
        arrivals.computeIfAbsent(now + g.delay(e), k -> new ArrayList<>()).add(new Message(n, true, tree.parent(from), n, 0, payload));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void bothTransportsDeliverTheRingBufferIterates(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int agents = 4 + r.nextInt(6);
        Network g = RandomInstances.connectedGraph(r, agents, 0.35, 3);
        InterestMatrix w = RandomInstances.interest(r, agents, 0.3 + 0.6 * r.nextDouble());
        TreeMetrics metrics = switch ((int) (seed % 3)) {
            case 0 -> TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).metrics();
            case 1 -> TreeDesign.design(new KmbSteinerDesigner(), g, w, 1).metrics();
            default -> new JointHeuristicDesigner(JointHeuristicDesigner.Options.defaults().withDelaySlack(0.3)).design(g, w).metrics();
        };
        MemoryCost cost = TestCosts.deltaNet(2, 3);
        Projection proj = seed % 4 == 0 ? Projection.NONE : Projection.ball(0.5 + r.nextDouble());
        double[] eta = new double[agents];
        for (int n = 0; n < agents; n++) eta[n] = 0.05 + 0.2 * r.nextDouble();
        ArrayStream data = ArrayStream.random(seed * 17, agents, STEPS, 3, 2, 2);
        Recorder ring = Recorder.run(DdamTogdProtocol.overTrees("ddam", w, metrics, cost, proj, eta), data, STEPS);

        List<RoutingTree> trees = new ArrayList<>();
        for (int n = 0; n < agents; n++) trees.add(metrics.tree(n));
        long maxRoundTrip = 0;
        for (int n = 0; n < agents; n++) maxRoundTrip = Math.max(maxRoundTrip, metrics.tauMax(n));
        for (Transport t : Transport.values()) {
            Result sim = simulate(g, trees, w, cost, proj, eta, data, STEPS, t);
            for (int step = 1; step <= STEPS; step++) {
                for (int n = 0; n < agents; n++) {
                    for (int j = 0; j < sim.x()[step][n].length; j++) {
                        double e = ring.x[step][n][j], a = sim.x()[step][n][j];
                        assertEquals(e, a, 1e-12 * Math.max(1, Math.abs(e)), t + " seed " + seed + ": X_{" + n + "," + step + "}[" + j + "]");
                    }
                }
            }
            // Steady state (every pipeline full): messages sent per step and link = the load model.
            int steady = (int) maxRoundTrip + 1;
            assertTrue(steady <= STEPS, "horizon too short for a steady state");
            for (int e = 0; e < g.edgeCount(); e++) {
                assertEquals(metrics.loads(t).messages(e), sim.sentPerStep()[steady][e], t + " seed " + seed + ": messages on edge " + e);
            }
        }
    }
}
