package io.ddam.online.data;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.io.AtomicFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A user-supplied data stream in the CSV format of DESIGN.md ({@code ddam simulate --data FILE.csv}):
 * a header {@code agent,t,k1,…,k{d_k},v1,…,v{d_v}} (d_k, d_v ≥ 1 are read from it), then one row per
 * agent and step, in any order. {@code agent} is the integer node id of the instance, {@code t} runs
 * 1..T without gaps, and every agent has exactly one row at every t. Blank lines are ignored; fields may
 * carry surrounding spaces; numbers are Java/C decimal literals and must be finite. The whole file is
 * read into memory on construction (it is the user's own data, typically small), and every problem is
 * reported as a {@link DdamInputException} naming the file, the 1-based line (0 when the problem is
 * the file as a whole, e.g. a missing row) and the problem. {@link #write} exports any stream in the
 * same format, so e.g. the synthetic data can be fed to other implementations.
 */
public final class CsvStream implements DataStream {
    private final String source;
    private final int[] agentIds;
    private final int agents, dk, dv, horizon;
    private final double[] keys;   // [t][n][d_k] flattened
    private final double[] values; // [t][n][d_v] flattened

    /**
     * Reads {@code file}.
     *
     * @param file     a CSV file with header {@code agent,t,k1,…,k{d_k},v1,…,v{d_v}}, one row per agent and step
     * @param agentIds the instance's node ids in node-index order; row agent {@code agentIds[n]} feeds agent n
     * @throws DdamInputException naming the file, line and problem if the file is missing or malformed,
     *                            names an unknown agent, or lacks a row
     */
    public CsvStream(Path file, int[] agentIds) {
        this.source = file.toString();
        this.agentIds = agentIds.clone();
        this.agents = agentIds.length;
        if (agents < 1) throw new DdamInputException(source, 0, "the instance has no agents");
        Map<Integer, Integer> indexOf = new HashMap<>();
        for (int n = 0; n < agents; n++) indexOf.put(agentIds[n], n);

        List<List<Row>> rows = new ArrayList<>(); // rows.get(n).get(t-1), null where absent
        for (int n = 0; n < agents; n++) rows.add(new ArrayList<>());
        int kCols, vCols, maxT = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            int lineNo = 1;
            while (line != null && line.isBlank()) {
                line = in.readLine();
                lineNo++;
            }
            if (line == null) {
                throw new DdamInputException(source, 0, "empty file: expected the header agent,t,k1,…,v1,…");
            }
            if (line.startsWith("\uFEFF")) line = line.substring(1); // spreadsheet exports add a BOM
            int[] dims = parseHeader(line.split(",", -1), lineNo);
            kCols = dims[0];
            vCols = dims[1];
            int cols = 2 + kCols + vCols;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                String[] f = line.split(",", -1);
                if (f.length != cols) {
                    throw new DdamInputException(source, lineNo, "expected " + cols + " columns (agent, t, " + kCols
                            + " keys, " + vCols + " values), found " + f.length);
                }
                int id = parseInt(f[0], "agent", lineNo);
                Integer n = indexOf.get(id);
                if (n == null) {
                    throw new DdamInputException(source, lineNo, "unknown agent " + id + "; the instance's agents are "
                            + describeIds(this.agentIds));
                }
                int t = parseInt(f[1], "t", lineNo);
                if (t < 1) throw new DdamInputException(source, lineNo, "t must be at least 1, not " + t);
                double[] kv = new double[kCols + vCols];
                for (int c = 0; c < kv.length; c++) {
                    String name = c < kCols ? "k" + (c + 1) : "v" + (c - kCols + 1);
                    kv[c] = parseNumber(f[2 + c], name, lineNo);
                }
                List<Row> mine = rows.get(n);
                while (mine.size() < t) mine.add(null);
                Row old = mine.get(t - 1);
                if (old != null) {
                    throw new DdamInputException(source, lineNo, "duplicate row for agent " + id + " at t=" + t
                            + " (first at line " + old.line + ")");
                }
                mine.set(t - 1, new Row(lineNo, kv));
                maxT = Math.max(maxT, t);
            }
        } catch (IOException e) {
            throw new DdamInputException(source, 0, "cannot read: " + e.getMessage(), e);
        }
        if (maxT == 0) throw new DdamInputException(source, 0, "no data rows after the header");
        boolean[] seen = new boolean[maxT];
        for (List<Row> mine : rows) for (int t = 0; t < mine.size(); t++) seen[t] |= mine.get(t) != null;
        for (int t = 0; t < maxT; t++) {
            if (!seen[t]) {
                throw new DdamInputException(source, 0, "t is not contiguous from 1: no rows at t=" + (t + 1)
                        + " (largest t is " + maxT + ")");
            }
        }
        for (int t = 0; t < maxT; t++) {
            for (int n = 0; n < agents; n++) {
                List<Row> mine = rows.get(n);
                if (t >= mine.size() || mine.get(t) == null) {
                    throw new DdamInputException(source, 0, "missing row for agent " + agentIds[n] + " at t=" + (t + 1)
                            + " (every agent needs one row at every t = 1.." + maxT + ")");
                }
            }
        }
        this.dk = kCols;
        this.dv = vCols;
        this.horizon = maxT;
        keys = new double[maxT * agents * dk];
        values = new double[maxT * agents * dv];
        for (int t = 0; t < maxT; t++) {
            for (int n = 0; n < agents; n++) {
                double[] kv = rows.get(n).get(t).kv;
                System.arraycopy(kv, 0, keys, (t * agents + n) * dk, dk);
                System.arraycopy(kv, dk, values, (t * agents + n) * dv, dv);
            }
        }
    }

    private record Row(int line, double[] kv) {}

    private int[] parseHeader(String[] f, int lineNo) {
        String expected = "expected the header agent,t,k1,…,k{d_k},v1,…,v{d_v}";
        if (f.length < 4 || !f[0].trim().equals("agent") || !f[1].trim().equals("t")) {
            throw new DdamInputException(source, lineNo, "bad header: " + expected);
        }
        int c = 2, k = 0, v = 0;
        while (c < f.length && f[c].trim().equals("k" + (k + 1))) {
            k++;
            c++;
        }
        while (c < f.length && f[c].trim().equals("v" + (v + 1))) {
            v++;
            c++;
        }
        if (c < f.length || k == 0 || v == 0) {
            String what = c < f.length ? "column " + (c + 1) + " is '" + f[c].trim() + "'" : (k == 0 ? "no key columns" : "no value columns");
            throw new DdamInputException(source, lineNo, "bad header: " + what + "; " + expected);
        }
        return new int[] {k, v};
    }

    private int parseInt(String s, String column, int lineNo) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new DdamInputException(source, lineNo, column + " '" + s.trim() + "' is not an integer");
        }
    }

    private double parseNumber(String s, String column, int lineNo) {
        String x = s.trim();
        double d;
        try {
            // Double.parseDouble accepts hex floats and suffixes like "1d"; keep to plain decimals
            if (x.isEmpty() || !x.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) throw new NumberFormatException();
            d = Double.parseDouble(x);
        } catch (NumberFormatException e) {
            throw new DdamInputException(source, lineNo, column + " '" + x + "' is not a number");
        }
        if (!Double.isFinite(d)) throw new DdamInputException(source, lineNo, column + " '" + x + "' is not finite");
        return d;
    }

    private static String describeIds(int[] ids) {
        if (ids.length <= 12) return Arrays.toString(ids);
        return Arrays.toString(Arrays.copyOf(ids, 12)).replace("]", ", … (" + ids.length + " in all)]");
    }

    @Override public int agents() { return agents; }
    @Override public int keyDim() { return dk; }
    @Override public int valueDim() { return dv; }
    @Override public int horizon() { return horizon; }

    /**
     * The node ids, in node-index order: the {@code agent} column value that feeds each agent.
     *
     * @return a fresh copy of the ids given to the constructor
     */
    public int[] agentIds() { return agentIds.clone(); }

    @Override
    public String describe() {
        return "csv(" + source + ", N=" + agents + ", T=" + horizon + ", dk=" + dk + ", dv=" + dv + ")";
    }

    @Override
    public Cursor cursor() {
        return new Cursor() {
            private int t;

            @Override
            public int next(double[][] k, double[][] v) {
                if (t >= horizon) return 0;
                for (int n = 0; n < agents; n++) {
                    System.arraycopy(keys, (t * agents + n) * dk, k[n], 0, dk);
                    System.arraycopy(values, (t * agents + n) * dv, v[n], 0, dv);
                }
                return ++t;
            }
        };
    }

    /**
     * {@link #write(DataStream, int[], int, Path)} with node ids 0..N−1 (the ids of generated instances).
     *
     * @param stream  the data to export
     * @param horizon how many steps to write, 0..T
     * @param file    the CSV file to create or replace
     * @throws DdamInputException if the horizon is out of range or the file cannot be written
     */
    public static void write(DataStream stream, int horizon, Path file) {
        int[] ids = new int[stream.agents()];
        for (int n = 0; n < ids.length; n++) ids[n] = n;
        write(stream, ids, horizon, file);
    }

    /**
     * Writes the first {@code horizon} steps of {@code stream} in the format above, rows ordered by t then
     * agent, numbers in Java's shortest round-trip decimal form (reading the file back gives identical
     * doubles). Written to a temporary file and moved into place.
     *
     * @param stream   the data to export
     * @param agentIds the node id to write in the {@code agent} column for each agent, length N
     * @param horizon  how many steps to write, 0..T
     * @param file     the CSV file to create or replace
     * @throws DdamInputException if the ids do not match N, the horizon is out of range or the file cannot be written
     */
    public static void write(DataStream stream, int[] agentIds, int horizon, Path file) {
        int n = stream.agents(), dk = stream.keyDim(), dv = stream.valueDim();
        if (agentIds.length != n) {
            throw new DdamInputException(file.toString(), 0, agentIds.length + " agent ids given for a stream of " + n + " agents");
        }
        if (horizon < 0 || horizon > stream.horizon()) {
            throw new DdamInputException(file.toString(), 0, "cannot write " + horizon + " steps of a stream with "
                    + stream.horizon() + " (" + stream.describe() + ")");
        }
        AtomicFiles.write(file, out -> {
            StringBuilder sb = new StringBuilder("agent,t");
            for (int j = 1; j <= dk; j++) sb.append(",k").append(j);
            for (int i = 1; i <= dv; i++) sb.append(",v").append(i);
            out.write(sb.append('\n').toString());
            double[][] k = new double[n][dk], v = new double[n][dv];
            Cursor c = stream.cursor();
            for (int t = 1; t <= horizon; t++) {
                int got = c.next(k, v);
                if (got != t) throw new IllegalStateException("stream " + stream.describe() + " ended at t=" + t);
                for (int a = 0; a < n; a++) {
                    sb.setLength(0);
                    sb.append(agentIds[a]).append(',').append(t);
                    for (double x : k[a]) sb.append(',').append(x);
                    for (double x : v[a]) sb.append(',').append(x);
                    out.write(sb.append('\n').toString());
                }
            }
        });
    }
}
