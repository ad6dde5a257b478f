package io.ddam.experiments.sweep;

import java.util.List;

/**
 * A runner that also writes its own copy of a finished result set, in its own formats (the Spark runner of
 * {@code ddam-spark}: Parquet and CSV written by Spark). {@code ddam sweep} calls it after {@code rows.csv}
 * is assembled.
 */
public interface SweepTables {
    /**
     * Writes the runner's tables of a finished result set into the folder.
     *
     * @param folder  the result folder, every cell finished
     * @param cells   all cells of the spec, in grid order
     * @param columns the row schema
     */
    void writeTables(SweepFolder folder, List<Cell> cells, List<Column> columns);
}
