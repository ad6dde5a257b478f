package io.ddam.solver.generate;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.Network;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A rows × cols grid with 4-neighbour links: node (r, c) has id r·cols + c; edges in the order
 * r = 0..rows−1, c = 0..cols−1, first (r, c)–(r, c+1) then (r, c)–(r+1, c), so there are exactly
 * 2·rows·cols − rows − cols of them. The structure has no randomness; the seed only feeds random
 * delays and costs ({@link EdgeWeights}, drawn in that edge order from {@code SplittableRandom(seed)}).
 *
 * @param rows    rows, ≥ 1
 * @param cols    columns, ≥ 1
 * @param weights delays and costs
 * @param seed    seed for random weights (ignored when they are constant)
 */
public record GridGenerator(int rows, int cols, EdgeWeights weights, long seed) implements NetworkGenerator {

    /**
     * Validates the parameters; the seed is set to 0 when the weights are constant, so equal grids are equal records.
     *
     * @param rows    rows, ≥ 1
     * @param cols    columns, ≥ 1 (rows × cols ≤ 1,000,000)
     * @param weights delays and costs; no delay scale
     * @param seed    seed for random weights
     * @throws DdamInputException if a parameter is out of range
     */
    public GridGenerator {
        if (rows < 1 || cols < 1) throw new DdamInputException("grid: rows and cols must be at least 1, got " + rows + " x " + cols);
        if ((long) rows * cols > 1_000_000) throw new DdamInputException("grid: " + rows + " x " + cols + " is too large (at most 1000000 nodes)");
        java.util.Objects.requireNonNull(weights, "weights");
        if (weights.delayScale() > 0) throw new DdamInputException("grid: delayscale is not supported; use delay=A..B");
        // The seed matters only for random weights; normalising it makes equal grids equal records.
        if (!weights.isRandom()) seed = 0;
    }

    /**
     * A grid with unit delays and costs.
     *
     * @param rows rows, ≥ 1
     * @param cols columns, ≥ 1
     * @throws DdamInputException if the size is out of range
     */
    public GridGenerator(int rows, int cols) {
        this(rows, cols, EdgeWeights.UNIT, 0);
    }

    @Override
    public Instance generate() {
        int n = rows * cols;
        int m = 2 * n - rows - cols;
        int[] us = new int[m];
        int[] vs = new int[m];
        int e = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int id = r * cols + c;
                if (c + 1 < cols) { us[e] = id; vs[e++] = id + 1; }
                if (r + 1 < rows) { us[e] = id; vs[e++] = id + cols; }
            }
        }
        Network.Builder b = Network.builder().addNodes(n);
        weights.addEdges(b, us, vs, m, null, new SplittableRandom(seed));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("generator", "grid");
        meta.put("spec", spec());
        meta.put("rows", (long) rows);
        meta.put("cols", (long) cols);
        if (weights.isRandom()) meta.put("seed", seed);
        return new Instance("grid" + rows + "x" + cols, b.build(), null, null, meta);
    }

    @Override
    public String spec() {
        return "grid:rows=" + rows + ",cols=" + cols + (weights.isRandom() ? ",seed=" + seed : "") + weights.specPart();
    }
}
