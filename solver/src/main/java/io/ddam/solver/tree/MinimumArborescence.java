package io.ddam.solver.tree;

import java.util.Arrays;

/**
 * A minimum-weight spanning arborescence (Chu–Liu/Edmonds, O(V·E)) that also returns its arcs, for the
 * aggregate pricing of roots whose targets are every other node (docs/algorithms.md, "joint by column
 * generation", aggregate pricing). Every node but the root takes its cheapest entering arc; each cycle this
 * makes is contracted into one node, the arcs into it re-weighted by the arc they would replace, until no cycle
 * is left; then the contractions are undone level by level: in a cycle, the node the chosen entering arc hits
 * takes that arc, the others keep their cycle arcs.
 *
 * <p>One instance per thread: the scratch arrays are sized once and grow only when a larger graph comes, so
 * pricing rounds allocate nothing.
 */
public final class MinimumArborescence {
    private int[] from = new int[0], to = new int[0];
    private double[] weight = new double[0];
    private double[] inWeight = new double[0];
    private int[] inArc = new int[0], pre = new int[0], id = new int[0], mark = new int[0];
    /** Per level, offset of its node block in the flat arrays below. */
    private int[] levelStart = new int[1];
    private int[] levelNodes = new int[1];
    /** Flat over levels: per node of the level, its node on the next level, its chosen arc, and whether it lay on a cycle. */
    private int[] nextId = new int[0], chosenIn = new int[0];
    private boolean[] onCycle = new boolean[0];
    private int[] chosen = new int[0], chosenBelow = new int[0];

    /**
     * The weight of a minimum spanning arborescence and its arcs.
     *
     * @param nodes    node count (nodes are 0 … nodes−1)
     * @param root     the root
     * @param arcFrom  arc tails (first {@code arcs} entries read, not changed)
     * @param arcTo    arc heads
     * @param arcW     arc weights (any sign)
     * @param arcs     the number of arcs
     * @param parentOut per node, the index of the arc entering it (−1 for the root); written only when the
     *                 weight is finite, at least {@code nodes} long
     * @return the weight, or +∞ when some node cannot be reached from the root
     */
    public double solve(int nodes, int root, int[] arcFrom, int[] arcTo, double[] arcW, int arcs, int[] parentOut) {
        ensure(nodes, arcs);
        System.arraycopy(arcFrom, 0, from, 0, arcs);
        System.arraycopy(arcTo, 0, to, 0, arcs);
        System.arraycopy(arcW, 0, weight, 0, arcs);
        double total = 0;
        int level = 0, flat = 0;
        int n = nodes, r = root;
        while (true) {
            Arrays.fill(inWeight, 0, n, Double.POSITIVE_INFINITY);
            for (int e = 0; e < arcs; e++) {
                int u = from[e], v = to[e];
                if (u != v && v != r && weight[e] < inWeight[v]) {
                    inWeight[v] = weight[e];
                    inArc[v] = e;
                    pre[v] = u;
                }
            }
            for (int v = 0; v < n; v++) if (v != r && inWeight[v] == Double.POSITIVE_INFINITY) return Double.POSITIVE_INFINITY;
            Arrays.fill(id, 0, n, -1);
            Arrays.fill(mark, 0, n, -1);
            inWeight[r] = 0;
            inArc[r] = -1;
            int cycles = 0;
            for (int v = 0; v < n; v++) {
                total += inWeight[v];
                int u = v;
                while (mark[u] != v && id[u] == -1 && u != r) {
                    mark[u] = v;
                    u = pre[u];
                }
                if (u != r && id[u] == -1) {
                    // u lies on a cycle found from v: contract it into one node
                    for (int x = pre[u]; x != u; x = pre[x]) id[x] = cycles;
                    id[u] = cycles++;
                }
            }
            // Record this level for the expansion.
            growLevels(level + 1, flat + n);
            levelStart[level] = flat;
            levelNodes[level] = n;
            for (int v = 0; v < n; v++) onCycle[flat + v] = id[v] != -1;
            if (cycles == 0) {
                for (int v = 0; v < n; v++) chosenIn[flat + v] = inArc[v];
                break;
            }
            for (int v = 0; v < n; v++) if (id[v] == -1) id[v] = cycles++;
            for (int v = 0; v < n; v++) {
                nextId[flat + v] = id[v];
                chosenIn[flat + v] = inArc[v];
            }
            for (int e = 0; e < arcs; e++) {
                int v = to[e];
                from[e] = id[from[e]];
                to[e] = id[v];
                if (from[e] != to[e]) weight[e] -= inWeight[v];
            }
            flat += n;
            level++;
            n = cycles;
            r = id[r];
        }
        // Expand: the top level's choice is final for its nodes; each lower level inherits the arc entering its image,
        // except cycle nodes the arc does not hit, which keep their own cycle arc.
        int top = level;
        int n0 = levelNodes[top];
        System.arraycopy(chosenIn, levelStart[top], chosen, 0, n0);
        for (int l = top - 1; l >= 0; l--) {
            int s = levelStart[l], ln = levelNodes[l];
            for (int v = 0; v < ln; v++) {
                int c = nextId[s + v];
                int e = chosen[c];
                if (e < 0) {
                    // v maps to the root: v is the root (the root is never on a cycle)
                    chosenBelow[v] = -1;
                } else if (!onCycle[s + v] || headAt(arcTo[e], l) == v) {
                    chosenBelow[v] = e;
                } else {
                    chosenBelow[v] = chosenIn[s + v];
                }
            }
            int[] swap = chosen;
            chosen = chosenBelow;
            chosenBelow = swap;
        }
        System.arraycopy(chosen, 0, parentOut, 0, nodes);
        return total;
    }

    /** The node that original node v is on level l (the composition of the contractions below l). */
    private int headAt(int v, int l) {
        for (int k = 0; k < l; k++) v = nextId[levelStart[k] + v];
        return v;
    }

    private void ensure(int nodes, int arcs) {
        if (from.length < arcs) {
            from = new int[arcs];
            to = new int[arcs];
            weight = new double[arcs];
        }
        if (inWeight.length < nodes) {
            inWeight = new double[nodes];
            inArc = new int[nodes];
            pre = new int[nodes];
            id = new int[nodes];
            mark = new int[nodes];
            chosen = new int[nodes];
            chosenBelow = new int[nodes];
        }
    }

    private void growLevels(int levels, int flatNodes) {
        if (levelStart.length < levels) {
            int k = Math.max(levels, 2 * levelStart.length);
            levelStart = Arrays.copyOf(levelStart, k);
            levelNodes = Arrays.copyOf(levelNodes, k);
        }
        if (nextId.length < flatNodes) {
            int k = Math.max(flatNodes, 2 * nextId.length);
            nextId = Arrays.copyOf(nextId, k);
            chosenIn = Arrays.copyOf(chosenIn, k);
            onCycle = Arrays.copyOf(onCycle, k);
        }
    }
}
