package io.ddam.experiments.sweep;

import java.io.Serializable;
import java.util.List;

/**
 * What a sweep computes per cell: a pure, deterministic function from a cell to rows of a fixed column
 * schema. Pure means the rows depend on the cell (and the function's own settings) alone: not on the
 * thread, the runner, the machine or the time, so a cell run twice, or on a cluster, gives the same rows
 * bit for bit. It is {@link Serializable} so that a distributed runner can ship it to its workers.
 */
public interface CellFunction extends Serializable {
    /**
     * The column schema of every row, known before any cell runs.
     *
     * @return the columns, in order
     */
    List<Column> columns();

    /**
     * The rows of one cell.
     *
     * @param cell a cell of the sweep this function was made for
     * @return its rows, each with one value per column of {@link #columns()}
     * @throws io.ddam.solver.DdamInputException if the cell's inputs are bad (an unreadable file, say)
     */
    List<SweepRow> apply(Cell cell);

    /**
     * A rough relative cost of the cell, for {@code --dry-run} estimates and for scheduling the dearest
     * cells first; the default is 1 for every cell.
     *
     * @param cell a cell
     * @return a positive number, proportional to the expected work
     */
    default double cost(Cell cell) { return 1.0; }
}
