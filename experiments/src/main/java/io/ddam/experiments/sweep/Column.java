package io.ddam.experiments.sweep;

import java.io.Serializable;
import java.util.Locale;

/**
 * One column of a sweep's row schema: its name (snake case, as in the CSV header) and its type, so
 * that a writer with typed columns (Parquet) knows the schema before the first cell has run.
 *
 * @param name the column name, e.g. {@code static_per_step}
 * @param type the type of its values
 *
 * @serial exclude
 */
public record Column(String name, Type type) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The value types of sweep columns; a value may also be {@code null} (empty in CSV). */
    public enum Type {
        /** A {@link String}. */
        STRING,
        /** A {@link Long}. */
        LONG,
        /** A {@link Double}. */
        DOUBLE;

        /**
         * The lower-case name used in docs and JSON.
         *
         * @return e.g. {@code "double"}
         */
        public String label() { return name().toLowerCase(Locale.ROOT); }
    }

    /**
     * Checks the name.
     *
     * @param name the column name
     * @param type the type
     * @throws IllegalArgumentException if the name is empty or the type null
     */
    public Column {
        if (name == null || name.isEmpty() || type == null) throw new IllegalArgumentException("a column needs a name and a type");
    }

    /**
     * Whether {@code value} fits this column ({@code null} fits every column).
     *
     * @param value a cell value
     * @return whether its Java type is this column's
     */
    public boolean accepts(Object value) {
        return value == null || switch (type) {
            case STRING -> value instanceof String;
            case LONG -> value instanceof Long;
            case DOUBLE -> value instanceof Double;
        };
    }
}
