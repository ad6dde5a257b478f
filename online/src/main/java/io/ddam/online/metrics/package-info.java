/**
 * Regret, path length, NMSE and theorem bounds for protocol runs (method.md §1 eqs. 2–5, 8, 43; §2
 * Theorems 1–3; §4.2): {@link io.ddam.online.metrics.Hindsight} solves the hindsight comparators,
 * {@link io.ddam.online.metrics.RegretMeter} measures a run in the same pass into a
 * {@link io.ddam.online.metrics.RunMetrics}, and {@link io.ddam.online.metrics.TheoremBounds} evaluates
 * the paper's bounds, flagging whether the gradient bounds were proven or measured.
 */
package io.ddam.online.metrics;
