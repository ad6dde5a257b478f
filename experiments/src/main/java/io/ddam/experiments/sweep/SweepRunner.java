package io.ddam.experiments.sweep;

import java.util.List;

/**
 * Runs the cells of a sweep through a cell function and hands each cell's rows to a sink as the cell
 * finishes. The rows of a cell never depend on the runner (the cell function is pure); only the order
 * in which cells reach the sink does. {@link LocalSweepRunner} runs in this JVM on a thread pool; the
 * optional {@code ddam-spark} module runs one cell per Spark task.
 */
public interface SweepRunner {
    /**
     * Runs every cell once.
     *
     * @param cells    the cells to run (e.g. the ones missing from a result folder)
     * @param function the cell function
     * @param sink     receives each cell's rows when it finishes
     * @throws io.ddam.solver.DdamInputException if a cell's inputs are bad; cells already delivered stay delivered
     */
    void run(List<Cell> cells, CellFunction function, RowSink sink);
}
