package io.ddam.experiments.sweep;

import java.util.List;

/**
 * Where a runner delivers the rows of each finished cell, as soon as it finishes (so rows are streamed,
 * not held). Runners may call {@link #accept} from several threads at once; implementations must be
 * thread-safe, and must store one cell's rows all or nothing.
 */
@FunctionalInterface
public interface RowSink {
    /**
     * The rows of one finished cell.
     *
     * @param cell the cell
     * @param rows its rows, in the cell function's order
     */
    void accept(Cell cell, List<SweepRow> rows);
}
