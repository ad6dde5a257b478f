package io.ddam.solver.generate;

/** A small union–find over 0..n-1, so that generators test connectivity before building a Network. */
final class Connectivity {
    private final int[] parent;
    private int components;

    Connectivity(int n) {
        parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        components = n;
    }

    private int find(int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    void union(int a, int b) {
        int ra = find(a), rb = find(b);
        if (ra != rb) {
            parent[ra] = rb;
            components--;
        }
    }

    boolean connected() { return components <= 1; }
}
