package io.ddam.experiments.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One output row of a sweep: one value per column of the schema, in the schema's order. Values are
 * {@link String}, {@link Long}, {@link Double} or {@code null}, all serializable.
 *
 * @param values the values, in column order (copied; may hold nulls)
 *
 * @serial exclude
 */
public record SweepRow(List<Object> values) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Copies the values (nulls allowed, which {@code List.copyOf} refuses).
     *
     * @param values the values in column order
     */
    public SweepRow {
        values = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(values, "values")));
    }

    /**
     * The value of column {@code i}.
     *
     * @param i a column index
     * @return the value, may be {@code null}
     */
    public Object get(int i) { return values.get(i); }

    /**
     * The number of values.
     *
     * @return the row's width
     */
    public int size() { return values.size(); }
}
