package io.ddam.solver.milp;

import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.RoutingTree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jgrapht.Graph;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.alg.interfaces.ShortestPathAlgorithm.SingleSourcePaths;

/** Test-only graph sources and oracles for the MILP designers: random graphs, tiny STP/GraphML parsers, Dijkstra. */
final class MilpTestGraphs {
    private MilpTestGraphs() {}

    /** A Steiner instance read by {@link #readStp}: the network (costs from the file) and terminal indices. */
    record Steiner(Network network, int[] terminals) {}

    /**
     * A connected random graph: a random spanning tree plus extra edges, delays 1..maxDelay, costs 1..20.
     */
    static Network randomConnected(SplittableRandom rnd, int nodes, int extraEdges, int maxDelay) {
        Network.Builder b = Network.builder().addNodes(nodes);
        for (int v = 1; v < nodes; v++) {
            int u = rnd.nextInt(v);
            b.addEdge(u, v, 1 + rnd.nextInt(maxDelay), 1 + rnd.nextInt(20));
        }
        int added = 0;
        for (int tries = 0; added < extraEdges && tries < 100 * extraEdges; tries++) {
            int u = rnd.nextInt(nodes), v = rnd.nextInt(nodes);
            if (u == v || b.hasEdge(u, v)) continue;
            b.addEdge(u, v, 1 + rnd.nextInt(maxDelay), 1 + rnd.nextInt(20));
            added++;
        }
        return b.build();
    }

    /** A random subset of the nodes of the given size (ascending), possibly containing {@code root}. */
    static int[] randomSubset(SplittableRandom rnd, int nodes, int size) {
        int[] perm = new int[nodes];
        for (int i = 0; i < nodes; i++) perm[i] = i;
        for (int i = nodes - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i]; perm[i] = perm[j]; perm[j] = t;
        }
        int[] s = Arrays.copyOf(perm, size);
        Arrays.sort(s);
        return s;
    }

    /** Dijkstra distances by delay from {@code root} (JGraphT oracle). */
    static double[] delayDistances(Network g, int root) {
        Graph<Integer, Integer> jg = g.asGraph(Network.Weight.DELAY);
        SingleSourcePaths<Integer, Integer> paths = new DijkstraShortestPath<>(jg).getPaths(root);
        double[] d = new double[g.nodeCount()];
        for (int v = 0; v < d.length; v++) d[v] = paths.getWeight(v);
        return d;
    }

    /** Σ_{w∈targets} dist_G(root, w) by delay. */
    static double sumDistances(Network g, int root, int[] targets) {
        double[] d = delayDistances(g, root);
        double s = 0;
        for (int t : targets) s += d[t];
        return s;
    }

    /** A shortest-path tree by delay (JGraphT), pruned to {@code targets}: a test-side start designer. */
    static RoutingTree shortestPathTree(Network g, int root, int[] targets) {
        Graph<Integer, Integer> jg = g.asGraph(Network.Weight.DELAY);
        SingleSourcePaths<Integer, Integer> paths = new DijkstraShortestPath<>(jg).getPaths(root);
        int[] parent = new int[g.nodeCount()];
        Arrays.fill(parent, -1);
        for (int v = 0; v < g.nodeCount(); v++) {
            if (v == root || Double.isInfinite(paths.getWeight(v))) continue;
            List<Integer> edges = paths.getPath(v).getEdgeList();
            parent[v] = edges.get(edges.size() - 1);
        }
        return RoutingTree.fromParentEdges(g, root, parent).pruneTo(targets);
    }

    /** Σ over targets of the tree delay τ̃. */
    static long treeDelaySum(RoutingTree t, int[] targets) {
        long s = 0;
        for (int w : targets) s += t.delayTo(w);
        return s;
    }

    /** An STP / PACE .gr file read with the project's reader (tested against the published counts). */
    static Steiner readStp(Path file) throws IOException {
        io.ddam.solver.graph.Instance inst = io.ddam.solver.io.InstanceFiles.read(file);
        return new Steiner(inst.network(), inst.terminals());
    }

    private static final Pattern NODE = Pattern.compile("<node\\s+id=\"([^\"]+)\"");
    private static final Pattern EDGE = Pattern.compile("<edge\\s+source=\"([^\"]+)\"\\s+target=\"([^\"]+)\"");

    /**
     * A Topology Zoo GraphML file as a network: node and edge ids by regex, delay = the matching
     * {@code *.edges.csv} propagation delay in ms rounded up (NA or 0 → 1); parallel edges keep the
     * smallest delay, self-loops are dropped.
     */
    static Network readTopology(Path graphml) throws IOException {
        String xml = Files.readString(graphml);
        Network.Builder b = Network.builder();
        Matcher mn = NODE.matcher(xml);
        while (mn.find()) b.addNode(Integer.parseInt(mn.group(1)), null);
        Map<Long, Integer> delays = new HashMap<>();
        Path csv = graphml.resolveSibling(graphml.getFileName().toString().replace(".graphml", ".edges.csv"));
        if (Files.exists(csv)) {
            List<String> lines = Files.readAllLines(csv);
            String[] head = lines.get(0).split(",");
            int col = -1;
            for (int i = 0; i < head.length; i++) if (head[i].startsWith("prop_delay_ms")) col = i;
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",", -1);
                int u = Integer.parseInt(f[0]), v = Integer.parseInt(f[1]);
                int d = 1;
                // Labels may be quoted and contain commas: count the delay column from the end.
                int at = col < 0 ? -1 : f.length - (head.length - col);
                if (at >= 0 && !f[at].equals("NA") && !f[at].isEmpty()) {
                    d = Math.max(1, (int) Math.ceil(Double.parseDouble(f[at])));
                }
                delays.merge(key(u, v), d, Math::min);
            }
        }
        Map<Long, Integer> edges = new TreeMap<>();
        Matcher me = EDGE.matcher(xml);
        while (me.find()) {
            int u = Integer.parseInt(me.group(1)), v = Integer.parseInt(me.group(2));
            if (u == v) continue;
            edges.merge(key(u, v), delays.getOrDefault(key(u, v), 1), Math::min);
        }
        for (Map.Entry<Long, Integer> e : edges.entrySet()) {
            b.addEdge((int) (e.getKey() >> 32), (int) (long) e.getKey(), e.getValue(), 1.0);
        }
        return b.build();
    }

    private static long key(int u, int v) {
        int lo = Math.min(u, v), hi = Math.max(u, v);
        return ((long) lo << 32) | hi;
    }
}
