package io.ddam.solver.generate;

import io.ddam.solver.DdamInputException;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded random terminal sets, for making Steiner instances out of generated networks. */
public final class TerminalSets {
    private TerminalSets() {}

    /**
     * K distinct node indices of 0..N-1, uniformly without replacement: a partial Fisher–Yates shuffle
     * driven by {@code SplittableRandom(seed ^ 0x7465726d)} (a stream of its own, so adding terminals
     * does not change the network or W drawn from the same seed), returned in ascending order.
     *
     * @param n    number of nodes N
     * @param k    number of terminals K, 1..N
     * @param seed seed of the draw
     * @return K distinct node indices, ascending
     * @throws DdamInputException if K is not in 1..N
     */
    public static int[] random(int n, int k, long seed) {
        if (k < 1 || k > n) throw new DdamInputException("the number of terminals must be between 1 and the number of nodes (" + n + "), not " + k);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        SplittableRandom rng = new SplittableRandom(seed ^ 0x7465726dL);
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] out = Arrays.copyOf(perm, k);
        Arrays.sort(out);
        return out;
    }
}
