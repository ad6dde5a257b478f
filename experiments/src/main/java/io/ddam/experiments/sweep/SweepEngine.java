package io.ddam.experiments.sweep;

import java.util.List;

/**
 * An optional sweep runner found at run time with {@link java.util.ServiceLoader}, so that the command line
 * needs no compile-time dependency on it and never loads it unless asked: {@code ddam sweep --engine spark}
 * looks for the engine named {@code spark}, which the optional {@code ddam-spark} module provides.
 */
public interface SweepEngine {
    /**
     * The name given to {@code --engine}.
     *
     * @return e.g. {@code "spark"}
     */
    String name();

    /**
     * Checks the master and starts the engine. It fails fast (seconds) and writes nothing when the master is
     * malformed or unreachable, so the command can open its output folder only afterwards.
     *
     * @param master   where to run, e.g. {@code local[2]} or {@code spark://HOST:7077}
     * @param listener told when each cell finishes (for the progress bar), on the driver
     * @return a started session; close it when the sweep is done
     * @throws io.ddam.solver.DdamInputException if the master is malformed, unsupported or unreachable
     */
    Session open(String master, LocalSweepRunner.Listener listener);

    /** A started engine: a runner, plus the engine's own copy of the finished result set. */
    interface Session extends SweepRunner, AutoCloseable {
        /**
         * Writes the engine's own tables of a finished result set (Spark: Parquet and CSV) into the folder.
         *
         * @param folder  the result folder, every cell finished
         * @param cells   all cells of the spec, in grid order
         * @param columns the row schema
         */
        void writeTables(SweepFolder folder, List<Cell> cells, List<Column> columns);

        /** Stops the engine (its threads, its JVMs); never throws. */
        @Override
        void close();
    }
}
