#!/usr/bin/env python3
"""The reference for `ddam simulate`'s speed (docs/benchmarks.md): the same work, vectorised in numpy.

Same work as `ddam simulate INSTANCE --data synthetic --horizon T --window OMEGA --eta ETA --fair-time off
--radius R --dk DK --dv DV`: synthetic data of eq. (41) (same distributions, numpy's own random numbers), the
five protocols (ogd, cdogd with Metropolis-Hastings weights, local, DDAM-TOGD over shortest-path trees twice,
standing in for ddam-star and ddam-st: the same arithmetic with one more delay table; KMB tree design itself
takes milliseconds in Java and is left out here), the DeltaNet cost with projection on the Frobenius ball,
and every metric: loss, static regret against the exact hindsight optimum on the ball, dynamic regret
against windowed comparators (eq. 43) with their path length, Self-/Cross-NMSE. The comparators are
computed once and shared by all protocols (as the Java engine does), from per-agent sums mixed by W.

Everything over agents (and agent pairs) is one numpy operation per step; comparators are solved in
batches (np.linalg.eigh over all agents at once, a vectorised bisection for the ball multiplier).

Usage: python3 numpy_simulate.py INSTANCE.json --horizon 2500 [--window 1] [--eta 0.001] [--radius 50]
       [--dk 4] [--dv 3] [--rho 0.75] [--seed 1]
Prints one line per protocol (name, loss, static regret, dynamic regret, path length, self/cross NMSE) and
the process CPU time.
"""
import argparse
import json
import sys
import time
from collections import deque

import numpy as np


def load_instance(path):
    d = json.load(open(path))
    n = d["nodes"] if isinstance(d["nodes"], int) else len(d["nodes"])
    edges = [(e["u"], e["v"], e.get("delay", 1)) for e in d["edges"]]
    w = np.array(d["interest"]["matrix"], dtype=float)
    return n, edges, w


def round_trips(n, edges, w):
    """tau[n, m] = 2 * hop delay of the shortest path n -> m (unit delays: BFS), 0 on the diagonal."""
    adj = [[] for _ in range(n)]
    for u, v, _ in edges:
        adj[u].append(v)
        adj[v].append(u)
    tau = np.zeros((n, n), dtype=int)
    for s in range(n):
        dist = [-1] * n
        dist[s] = 0
        q = deque([s])
        while q:
            x = q.popleft()
            for y in adj[x]:
                if dist[y] < 0:
                    dist[y] = dist[x] + 1
                    q.append(y)
        tau[s] = 2 * np.array(dist)
    tau[w == 0] = 0
    return tau


def metropolis(n, edges):
    deg = np.zeros(n, dtype=int)
    for u, v, _ in edges:
        deg[u] += 1
        deg[v] += 1
    a = np.zeros((n, n))
    for u, v, _ in edges:
        a[u, v] = a[v, u] = 1.0 / (1 + max(deg[u], deg[v]))
    a[np.arange(n), np.arange(n)] = 1 - a.sum(axis=1)
    return a


def synthetic(n, t, dk, dv, rho, seed):
    """Eq. (41): k ~ U[-1,1]^dk, v = ((1-rho) M_n + rho M_com) k + N(0, 1)."""
    r = np.random.default_rng(seed)
    m_com = r.chisquare(2, size=(dv, dk))
    mu = r.uniform(-5, 5, size=n)
    s2 = r.uniform(0, 50, size=n)
    m_n = mu[:, None, None] + np.sqrt(s2)[:, None, None] * r.standard_normal((n, dv, dk))
    m = (1 - rho) * m_n + rho * m_com[None]
    keys = r.uniform(-1, 1, size=(t, n, dk))
    values = np.einsum("nij,tnj->tni", m, keys) + r.standard_normal((t, n, dv))
    return keys, values


def solve_ball(a, b, c, radius):
    """Batched DeltaNet comparator: argmin_U 1/2 tr(U A U^T) - <U, B> + c/2 over ||U||_F <= R.

    a: (N, dk, dk), b: (N, dv, dk), c: (N,). Returns U (N, dv, dk) and the objective (N,).
    """
    e, q = np.linalg.eigh(a)
    emax = np.maximum(e.max(axis=1, keepdims=True), 0)
    kept = (e > 1e-12 * emax) & (emax > 0)
    cc = b @ q                                       # (N, dv, dk): C = B Q
    num = np.where(kept, (cc * cc).sum(axis=1), 0.0)  # ||C_j||^2
    den = np.where(kept, e, 1.0)
    lam = np.zeros(a.shape[0])
    h0 = (num / den ** 2).sum(axis=1)
    out = h0 > radius * radius
    if out.any():  # vectorised bisection on the agents whose unconstrained minimiser leaves the ball
        nu, de = num[out], den[out]
        lo = np.zeros(nu.shape[0])
        hi = np.sqrt(nu.sum(axis=1)) / radius
        for _ in range(100):
            mid = 0.5 * (lo + hi)
            big = (nu / (de + mid[:, None]) ** 2).sum(axis=1) > radius * radius
            lo = np.where(big, mid, lo)
            hi = np.where(big, hi, mid)
        lam[out] = hi
    f = np.where(kept, 1.0 / (den + lam[:, None]), 0.0)
    u = (cc * f[:, None, :]) @ np.swapaxes(q, 1, 2)
    obj = 0.5 * np.einsum("nij,njk,nik->n", u, a, u) - (u * b).sum(axis=(1, 2)) + 0.5 * c
    return u, obj


def comparators(keys, values, w, window, radius):
    """Static and windowed comparator losses and path lengths, once for all protocols."""
    t_max, n, dk = keys.shape
    dv = values.shape[2]
    kk = np.einsum("tni,tnj->tnij", keys, keys)      # own sufficient statistics per step
    vk = np.einsum("tni,tnj->tnij", values, keys)
    vv = (values * values).sum(axis=2)
    # static: per-agent sums over all steps, mixed by W once
    _, stat = solve_ball(np.einsum("nm,mij->nij", w, kk.sum(0)), np.einsum("nm,mij->nij", w, vk.sum(0)),
                         w @ vv.sum(0), radius)
    win_loss = np.zeros(n)
    path = np.zeros(n)
    prev = None
    for s in range(0, t_max, window):
        e = min(s + window, t_max)
        u, obj = solve_ball(np.einsum("nm,mij->nij", w, kk[s:e].sum(0)), np.einsum("nm,mij->nij", w, vk[s:e].sum(0)),
                            w @ vv[s:e].sum(0), radius)
        win_loss += obj
        if prev is not None:
            path += np.sqrt(((u - prev) ** 2).sum(axis=(1, 2)))
        prev = u
    return stat, win_loss, path


def project(x, radius):
    norm = np.sqrt((x * x).sum(axis=(1, 2)))
    scale = np.where(norm > radius, radius / np.maximum(norm, 1e-300), 1.0)
    return x * scale[:, None, None]


def run(protocol, keys, values, w, eta, radius, a=None, tau=None):
    """One protocol over all steps: loss per agent and the NMSE sums, all agents and pairs vectorised."""
    t_max, n, dk = keys.shape
    dv = values.shape[2]
    x = np.zeros((n, dv, dk))
    loss = np.zeros(n)
    self_num = self_den = cross_num = cross_den = 0.0
    diag = np.eye(n, dtype=bool)
    off = (w > 0) & ~diag
    ring = None
    if protocol == "ddam":
        length = int(tau.max()) + 1
        ring = np.zeros((length, n, dv, dk))
        delays = [(int(d), np.where((tau == d) & (w > 0), w, 0.0)) for d in np.unique(tau[w > 0])]
    for t in range(t_max):
        k, v = keys[t], values[t]
        res = np.einsum("nij,mj->nmi", x, k) - v[None]  # residuals X_n k_m - v_m, all pairs (N, N, dv)
        r2 = (res * res).sum(axis=2)                     # (N, N)
        loss += 0.5 * (w * r2).sum(axis=1)
        vv = (v * v).sum(axis=1)
        self_num += np.trace(r2)
        self_den += vv.sum()
        cross_num += r2[off].sum()
        cross_den += (off * vv[None, :]).sum()
        if protocol == "ogd":
            g = np.einsum("nmi,mj->nij", w[:, :, None] * res, k)
            x = project(x - eta * g, radius)
        elif protocol == "local":
            own = res[np.arange(n), np.arange(n)]        # (N, dv)
            g = np.diag(w)[:, None, None] * own[:, :, None] * k[:, None, :]
            x = project(x - eta * g, radius)
        elif protocol == "cdogd":
            own = res[np.arange(n), np.arange(n)]
            g = own[:, :, None] * k[:, None, :]
            x = project(np.einsum("nm,mij->nij", a, x) - eta * g, radius)
        else:  # ddam: each pair's gradient is applied tau[n, m] steps later (ring of pending sums)
            length = ring.shape[0]
            for d, wd in delays:
                if t + d < t_max:
                    ring[(t + d) % length] += np.einsum("nmi,mj->nij", wd[:, :, None] * res, k)
            x = project(x - eta * ring[t % length], radius)
            ring[t % length] = 0
    return loss, self_num / self_den, (cross_num / cross_den if cross_den > 0 else float("nan"))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("instance")
    p.add_argument("--horizon", type=int, default=2500)
    p.add_argument("--window", type=int, default=1)
    p.add_argument("--eta", type=float, default=0.001)
    p.add_argument("--radius", type=float, default=50)
    p.add_argument("--dk", type=int, default=4)
    p.add_argument("--dv", type=int, default=3)
    p.add_argument("--rho", type=float, default=0.75)
    p.add_argument("--seed", type=int, default=1)
    o = p.parse_args()
    n, edges, w = load_instance(o.instance)
    keys, values = synthetic(n, o.horizon, o.dk, o.dv, o.rho, o.seed)
    tau = round_trips(n, edges, w)
    a = metropolis(n, edges)
    stat, win, path = comparators(keys, values, w, o.window, o.radius)
    for name, proto in [("ogd", "ogd"), ("cdogd", "cdogd"), ("local", "local"), ("ddam-st", "ddam"), ("ddam-star", "ddam")]:
        loss, s_nmse, c_nmse = run(proto, keys, values, w, o.eta, o.radius, a=a, tau=tau)
        print(f"{name:10s} loss {loss.sum():.6g}  S-Reg {loss.sum() - stat.sum():.6g}  D-Reg {loss.sum() - win.sum():.6g}"
              f"  PL {path.sum():.6g}  self-NMSE {s_nmse:.4g}  cross-NMSE {c_nmse:.4g}")
    print(f"cpu {time.process_time():.3f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
