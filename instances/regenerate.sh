#!/usr/bin/env bash
# Regenerates every generated instance in this folder with the ddam launcher. The output is
# deterministic: running this again must leave `git status` clean (a test checks the same thing).
set -euo pipefail
cd "$(dirname "$0")"
ddam=../ddam
# Our stand-in for the paper's Fig. 2 topology: 20 agents on a connected G(20, 0.2), W from eq. 42
# with Fig. 3's y0 = 2, y1 = 10.
$ddam generate --network er:n=20,p=0.2 --interest dirichlet:y0=2,y1=10 --seed 2026 --name synthetic20 --out synthetic20.json
# The traffic experiments' setting (method.md §4.2): 16 agents, each pair linked with probability 0.25,
# W with Fig. 7's y0 = 10, y1 = 100.
$ddam generate --network er:n=16,p=0.25 --interest dirichlet:y0=10,y1=100 --seed 16 --name er16 --out er16.json
# Small examples.
$ddam generate --network grid:rows=3,cols=4 --interest topk:k=2,y0=1,y1=5 --seed 3 --name grid3x4-top2 --out grid3x4-top2.json
$ddam generate --network waxman:n=12,alpha=0.5,beta=0.6,delay=1..4,cost=1..10 --interest uniform --seed 5 --name waxman12 --out waxman12.json
