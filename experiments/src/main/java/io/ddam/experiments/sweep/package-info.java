/**
 * The sweep engine: a {@link io.ddam.experiments.sweep.SweepSpec} (a grid, parsed from JSON) expands to
 * {@link io.ddam.experiments.sweep.Cell}s with stable ids; a {@link io.ddam.experiments.sweep.CellFunction}
 * (pure and deterministic) turns a cell into {@link io.ddam.experiments.sweep.SweepRow}s of a column
 * schema known before running; a {@link io.ddam.experiments.sweep.SweepRunner} runs cells and hands each
 * cell's rows to a {@link io.ddam.experiments.sweep.RowSink}. {@link io.ddam.experiments.sweep.SweepFolder}
 * stores a restartable result folder (one part file per cell, a manifest with the spec hash). Every type a
 * runner ships to a worker is {@link java.io.Serializable} and free of Spark types, so a Spark runner
 * can call the same cell function in its tasks.
 */
package io.ddam.experiments.sweep;
