#!/usr/bin/env python3
"""A rows x cols grid instance with a sparse W for ddam simulate at 10^5 agents (docs/benchmarks.md, issue 20).

`ddam generate --interest topk` draws a full Dirichlet row per agent (N^2 gamma draws: 10^10 at N = 10^5),
so this writes a W of the same shape directly: agent n keeps itself (weight y1-ish) and k others drawn
uniformly at random (seeded), as top-k of a Dirichlet row with equal y0 would pick them, with Dirichlet
weights over the k + 1 kept entries.  Usage: grid_random_w.py ROWS COLS K SEED OUT.json
"""
import json, random, sys

rows, cols, k, seed, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
n = rows * cols
rng = random.Random(seed)
with open(out, "w") as f:
    f.write('{"format": "ddam-instance/1", "name": "grid%dx%d-random%d", "nodes": %d,\n' % (rows, cols, k, n))
    f.write('"metadata": {"generator": "docs/bench/grid_random_w.py", "rows": %d, "cols": %d, "k": %d, "seed": %d},\n' % (rows, cols, k, seed))
    edges = []
    for i in range(rows):
        for j in range(cols):
            v = i * cols + j
            if j + 1 < cols: edges.append('{"u": %d, "v": %d, "delay": 1, "cost": 1}' % (v, v + 1))
            if i + 1 < rows: edges.append('{"u": %d, "v": %d, "delay": 1, "cost": 1}' % (v, v + cols))
    f.write('"edges": [\n' + ",\n".join(edges) + '],\n')
    f.write('"interest": {"rows": [\n')
    for a in range(n):
        others = set()
        while len(others) < k:
            m = rng.randrange(n)
            if m != a: others.add(m)
        g = {a: rng.gammavariate(5.0, 1.0)}
        for m in others: g[m] = rng.gammavariate(1.0, 1.0)
        s = sum(g.values())
        w = ", ".join("[%d, %r]" % (m, g[m] / s) for m in sorted(g))
        f.write('{"agent": %d, "weights": [%s]}%s\n' % (a, w, "," if a + 1 < n else ""))
    f.write("]}}\n")
