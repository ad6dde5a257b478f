package io.ddam.experiments.sweep;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One cell of a sweep: one value per axis plus the settings every cell shares. Its id is a hash of its
 * canonical spec (JSON with sorted keys and no spaces), so the same cell has the same id in every
 * sweep, on every machine and in every runner; a restarted sweep recognises the cells it already has.
 *
 * @param index  the cell's position in its sweep's grid (0-based), which orders the output
 * @param id     the first 16 hex digits of the SHA-256 of {@code spec}
 * @param spec   the canonical spec text
 * @param values axis name to value (String, Long, Double or a list of those), sorted by name
 *
 * @serial exclude
 */
public record Cell(int index, String id, String spec, Map<String, Object> values) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Copies the values (sorted by name).
     *
     * @param index  position in the grid
     * @param id     the id
     * @param spec   the canonical spec
     * @param values axis values
     */
    public Cell {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * The id of a canonical spec text: the first 16 hex digits (64 bits) of its SHA-256.
     *
     * @param canonicalSpec the canonical spec
     * @return 16 lower-case hex digits
     */
    public static String idOf(String canonicalSpec) {
        return sha256(canonicalSpec).substring(0, 16);
    }

    /**
     * The SHA-256 of a text's UTF-8 bytes.
     *
     * @param text any text
     * @return 64 lower-case hex digits
     */
    public static String sha256(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(64);
            for (byte b : h) sb.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * An axis value as text.
     *
     * @param axis an axis name
     * @return its value's text, or {@code null} if the cell has no such axis
     */
    public String text(String axis) {
        Object v = values.get(axis);
        return v == null ? null : v.toString();
    }
}
