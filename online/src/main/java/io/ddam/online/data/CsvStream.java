package io.ddam.online.data;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.io.AtomicFiles;

import io.ddam.solver.MemoryBudget;
import io.ddam.solver.io.Excerpt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A user-supplied data stream in the CSV format of DESIGN.md ({@code ddam simulate --data FILE.csv}):
 * a header {@code agent,t,k1,…,k{d_k},v1,…,v{d_v}} (d_k, d_v ≥ 1 are read from it), then one row per
 * agent and step, in any order. {@code agent} is the integer node id of the instance, {@code t} runs
 * 1..T without gaps, and every agent has exactly one row at every t. Blank lines are ignored; fields may
 * carry surrounding spaces; numbers are plain decimal literals ({@code [+-]digits[.digits][e[+-]digits]},
 * read exactly as {@link Double#parseDouble}) and must be finite. Every problem is reported as a
 * {@link DdamInputException} naming the file, the 1-based line (0 when the problem is the file as a
 * whole, e.g. a missing row) and the problem. {@link #write} exports any stream in the same format, so
 * e.g. the synthetic data can be fed to other implementations.
 *
 * <p>The reader is built for hostile input (docs/reliability.md): it streams the bytes once with a
 * hand-written scanner (no regular expressions, linear time in the file size), stores each number
 * once, straight into the flat [t][agent] arrays the cursor reads, refuses a field longer than
 * {@value #MAX_FIELD_CHARS} characters (quoting at most 80 of them), and checks every size it reads
 * ({@code t}, the column count) against what the file can hold and against the
 * {@link MemoryBudget} before allocating for it.
 */
public final class CsvStream implements DataStream {
    /** Longest accepted field; a double needs at most a few dozen characters. */
    public static final int MAX_FIELD_CHARS = 1000;
    /** Below this many bytes of rows, a t the file cannot complete is reported as a missing row at the end. */
    private static final long SMALL_BYTES = 1 << 20;

    private final String source;
    private final int[] agentIds;
    private final int agents, dk, dv, horizon;
    private final double[] keys;   // [t][n][d_k] flattened (capacity may exceed T)
    private final double[] values; // [t][n][d_v] flattened

    /**
     * Reads {@code file}.
     *
     * @param file     a CSV file with header {@code agent,t,k1,…,k{d_k},v1,…,v{d_v}}, one row per agent and step
     * @param agentIds the instance's node ids in node-index order; row agent {@code agentIds[n]} feeds agent n
     * @throws DdamInputException naming the file, line and problem if the file is missing or malformed,
     *                            names an unknown agent, lacks a row, or needs more memory than the budget
     */
    public CsvStream(Path file, int[] agentIds) {
        this.source = file.toString();
        this.agentIds = agentIds.clone();
        this.agents = agentIds.length;
        if (agents < 1) throw new DdamInputException(source, 0, "the instance has no agents");
        Reader r = new Reader(source, this.agentIds, open(file));
        try {
            r.read();
        } finally {
            r.close();
        }
        this.dk = r.kCols;
        this.dv = r.vCols;
        this.horizon = r.maxT;
        this.keys = r.keys;
        this.values = r.values;
    }

    private static InputStream open(Path file) {
        String src = file.toString();
        try {
            if (Files.isDirectory(file)) throw new DdamInputException(src, 0, "is a directory, not a data file");
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new DdamInputException(src, 0, "no such file");
        } catch (AccessDeniedException e) {
            throw new DdamInputException(src, 0, "cannot be read (permissions)");
        } catch (IOException e) {
            throw new DdamInputException(src, 0, "cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * One pass over the bytes. Each line's fields are collected into one reusable byte buffer (at most
     * the header's column count, each at most {@link #MAX_FIELD_CHARS}); the line is then checked in
     * the order the messages promise (column count, agent, t, numbers) and its numbers are stored.
     */
    private static final class Reader {
        private final String source;
        private final int[] agentIds;
        private final int agents;
        private final Map<Integer, Integer> indexOf = new HashMap<>();
        private final InputStream in;
        private final long fileBytes;
        private final byte[] chunk = new byte[1 << 16];
        private int chunkPos, chunkLen;
        private boolean eof;

        // the current line's fields: bytes in lineBuf, field f spans [start[f], end[f])
        private byte[] lineBuf = new byte[256];
        private int lineLen;
        private int[] start = new int[16], end = new int[16];
        private int fields;      // fields stored
        private int fieldCount;  // fields seen (may exceed the stored ones on an over-long line)
        private int maxStored = Integer.MAX_VALUE;
        private boolean blank;
        private int lineNo;

        int kCols, vCols, cols, maxT;
        double[] keys = new double[0], values = new double[0];
        int[] rowLine = new int[0]; // [t][n]: the line of the row, 0 = absent
        private int capT;

        Reader(String source, int[] agentIds, InputStream in) {
            this.source = source;
            this.agentIds = agentIds;
            this.agents = agentIds.length;
            this.in = in;
            long size;
            try {
                size = Files.size(Path.of(source));
            } catch (IOException | RuntimeException e) {
                size = Long.MAX_VALUE; // not a plain file: rely on the memory budget alone
            }
            this.fileBytes = size;
            for (int n = 0; n < agents; n++) indexOf.put(agentIds[n], n);
        }

        void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing a file opened for reading loses nothing
            }
        }

        private DdamInputException err(String problem) {
            return new DdamInputException(source, lineNo, problem);
        }

        void read() {
            // header: the first non-blank line
            boolean any;
            do {
                any = nextLine();
            } while (any && blank);
            if (!any) throw new DdamInputException(source, 0, "empty file: expected the header agent,t,k1,…,v1,…");
            parseHeader();
            int headerLine = lineNo;
            cols = 2 + kCols + vCols;
            maxStored = cols;
            // What one agent's model state costs downstream is the simulation's to check; here only the rows.
            while (nextLine()) {
                if (blank) continue;
                row();
            }
            if (maxT == 0) throw new DdamInputException(source, 0, "no data rows after the header");
            for (int t = 0; t < maxT; t++) {
                boolean seen = false;
                for (int n = 0; n < agents && !seen; n++) seen = rowLine[t * agents + n] != 0;
                if (!seen) {
                    throw new DdamInputException(source, 0, "t is not contiguous from 1: no rows at t=" + (t + 1)
                            + " (largest t is " + maxT + ")");
                }
            }
            for (int t = 0; t < maxT; t++) {
                for (int n = 0; n < agents; n++) {
                    if (rowLine[t * agents + n] == 0) {
                        throw new DdamInputException(source, 0, "missing row for agent " + agentIds[n] + " at t=" + (t + 1)
                                + " (every agent needs one row at every t = 1.." + maxT + ")");
                    }
                }
            }
            assert headerLine > 0;
        }

        private int read1() {
            if (chunkPos == chunkLen) {
                if (eof) return -1;
                try {
                    chunkLen = in.read(chunk);
                } catch (IOException e) {
                    throw new DdamInputException(source, lineNo + 1, "read failed: " + e.getMessage(), e);
                }
                chunkPos = 0;
                if (chunkLen <= 0) {
                    chunkLen = 0;
                    eof = true;
                    return -1;
                }
            }
            return chunk[chunkPos++] & 0xff;
        }

        private boolean pendingLf; // a '\r' ended the last line; swallow a following '\n'

        /** Reads the next line's fields; false at the end of the file. */
        private boolean nextLine() {
            lineLen = 0;
            fields = 0;
            fieldCount = 0;
            blank = true;
            int b = read1();
            if (pendingLf) {
                pendingLf = false;
                if (b == '\n') b = read1();
            }
            if (b < 0) return false;
            lineNo++;
            beginField();
            while (b >= 0 && b != '\n' && b != '\r') {
                if (b == ',') {
                    endField();
                    fieldCount++;
                    beginField();
                } else {
                    if (b > ' ') blank = false;
                    put((byte) b);
                }
                b = read1();
            }
            if (b == '\r') pendingLf = true;
            endField();
            fieldCount++;
            if (blank && fieldCount > 1) blank = false; // a line of commas is not blank
            return true;
        }

        private int fieldStart;

        private void beginField() {
            fieldStart = lineLen;
        }

        private void put(byte b) {
            if (fieldCount >= maxStored) return; // over-long line: count its fields, store nothing more
            if (lineLen - fieldStart >= MAX_FIELD_CHARS) {
                // Read the rest of the field for the message's length, cheaply and without storing it.
                throw err(columnName(fieldCount) + " is longer than " + MAX_FIELD_CHARS + " characters: '"
                        + Excerpt.of(new String(lineBuf, fieldStart, Math.min(lineLen - fieldStart, Excerpt.MAX_CHARS),
                                StandardCharsets.UTF_8)) + "...'");
            }
            if (lineLen == lineBuf.length) {
                int cap = lineBuf.length * 2;
                if (maxStored != Integer.MAX_VALUE) {
                    cap = (int) Math.min(cap, (long) maxStored * (MAX_FIELD_CHARS + 1));
                }
                lineBuf = Arrays.copyOf(lineBuf, Math.max(cap, lineLen + 1));
            }
            lineBuf[lineLen++] = b;
        }

        private void endField() {
            if (fieldCount >= maxStored) return;
            if (fields == start.length) {
                start = Arrays.copyOf(start, fields * 2);
                end = Arrays.copyOf(end, fields * 2);
            }
            int s = fieldStart, e = lineLen;
            while (s < e && (lineBuf[s] & 0xff) <= ' ') s++; // String.trim's rule
            while (e > s && (lineBuf[e - 1] & 0xff) <= ' ') e--;
            start[fields] = s;
            end[fields] = e;
            fields++;
        }

        private String columnName(int c) {
            if (kCols == 0) return "header column " + (c + 1);
            if (c == 0) return "agent";
            if (c == 1) return "t";
            c -= 2;
            return c < kCols ? "k" + (c + 1) : "v" + (c - kCols + 1);
        }

        private String text(int f) {
            return new String(lineBuf, start[f], end[f] - start[f], StandardCharsets.UTF_8);
        }

        private boolean fieldIs(int f, String ascii) {
            int len = end[f] - start[f];
            if (len != ascii.length()) return false;
            for (int i = 0; i < len; i++) if (lineBuf[start[f] + i] != ascii.charAt(i)) return false;
            return true;
        }

        /** k<i> or v<i> with i = want, without building strings. */
        private boolean fieldIsIndexed(int f, char letter, int want) {
            int s = start[f], e = end[f];
            if (e - s < 2 || lineBuf[s] != letter) return false;
            long x = 0;
            for (int i = s + 1; i < e; i++) {
                int d = lineBuf[i] - '0';
                if (d < 0 || d > 9 || (i == s + 1 && d == 0) || x > Integer.MAX_VALUE) return false;
                x = x * 10 + d;
            }
            return x == want;
        }

        private void parseHeader() {
            // a spreadsheet export's BOM (EF BB BF) before "agent"
            if (fields > 0 && end[0] - start[0] >= 3 && (lineBuf[start[0]] & 0xff) == 0xEF
                    && (lineBuf[start[0] + 1] & 0xff) == 0xBB && (lineBuf[start[0] + 2] & 0xff) == 0xBF) {
                start[0] += 3;
                while (start[0] < end[0] && (lineBuf[start[0]] & 0xff) <= ' ') start[0]++;
            }
            String expected = "expected the header agent,t,k1,…,k{d_k},v1,…,v{d_v}";
            if (fields < 4 || !fieldIs(0, "agent") || !fieldIs(1, "t")) {
                throw err("bad header: " + expected);
            }
            int c = 2, k = 0, v = 0;
            while (c < fields && fieldIsIndexed(c, 'k', k + 1)) {
                k++;
                c++;
            }
            while (c < fields && fieldIsIndexed(c, 'v', v + 1)) {
                v++;
                c++;
            }
            if (c < fields || k == 0 || v == 0) {
                String what = c < fields ? "column " + (c + 1) + " is '" + Excerpt.of(text(c)) + "'" : (k == 0 ? "no key columns" : "no value columns");
                throw err("bad header: " + what + "; " + expected);
            }
            kCols = k;
            vCols = v;
            // Per step the rows take N x (d_k + d_v) numbers; refuse widths that cannot hold one step.
            MemoryBudget.require(source, lineNo, "one step of " + agents + " agents x " + (k + v) + " numbers",
                    MemoryBudget.product(agents, k + v, Double.BYTES));
        }

        private void row() {
            if (fieldCount != cols) {
                throw err("expected " + cols + " columns (agent, t, " + kCols + " keys, " + vCols + " values), found " + fieldCount);
            }
            int id = parseInt(0, "agent");
            Integer n = indexOf.get(id);
            if (n == null) {
                throw err("unknown agent " + id + "; the instance's agents are " + describeIds(agentIds));
            }
            int t = parseInt(1, "t");
            if (t < 1) throw err("t must be at least 1, not " + t);
            ensureT(t);
            int slot = (t - 1) * agents + n;
            if (rowLine[slot] != 0) {
                throw err("duplicate row for agent " + id + " at t=" + t + " (first at line " + rowLine[slot] + ")");
            }
            int kBase = slot * kCols, vBase = slot * vCols;
            for (int c = 0; c < kCols + vCols; c++) {
                double x = parseNumber(2 + c);
                if (c < kCols) keys[kBase + c] = x;
                else values[vBase + c - kCols] = x;
            }
            rowLine[slot] = lineNo;
            maxT = Math.max(maxT, t);
        }

        /** Grows the arrays to hold steps 1..t, after checking t against the file's size and the budget. */
        private void ensureT(int t) {
            if (t <= capT) return;
            // A row has `cols` fields of at least one character, each followed by a comma or a line end
            // (the last line may lack it): so the file holds at most (bytes + 1) / (2 cols) rows.
            long maxRows = fileBytes == Long.MAX_VALUE ? Long.MAX_VALUE : (fileBytes + 1) / (2L * cols);
            long perStep = MemoryBudget.product(agents, (long) (kCols + vCols) * Double.BYTES + Integer.BYTES);
            // Small gaps are reported after the whole file as the missing rows they are; a t too large
            // for the file is refused here, before anything is allocated for it.
            if ((long) t * agents > maxRows && MemoryBudget.product(t, perStep) > SMALL_BYTES) {
                throw err("t=" + t + " cannot be complete: " + agents + " agents x " + t + " steps are more rows than this file of "
                        + fileBytes + " bytes can hold (at most " + maxRows + " rows of " + cols + " columns)");
            }
            MemoryBudget.require(source, lineNo, "t=" + t + " with " + agents + " agents x " + (kCols + vCols) + " numbers",
                    MemoryBudget.product(t, perStep));
            long arrayLimit = (Integer.MAX_VALUE - 8L) / ((long) agents * Math.max(kCols, vCols));
            if (t > arrayLimit) {
                throw err("t=" + t + " with " + agents + " agents x " + Math.max(kCols, vCols)
                        + " numbers exceeds the largest array Java can hold");
            }
            // Grow geometrically (rows come in t order in practice), but never past what the file, the
            // budget or an array can hold.
            long want = Math.max(t, 2L * capT);
            want = Math.min(want, Math.min(arrayLimit, Math.max(t, maxRows / agents)));
            if (MemoryBudget.product(want, perStep) > MemoryBudget.bytes()) want = t;
            want = Math.max(want, t);
            int w = (int) want;
            keys = Arrays.copyOf(keys, w * agents * kCols);
            values = Arrays.copyOf(values, w * agents * vCols);
            rowLine = Arrays.copyOf(rowLine, w * agents);
            capT = w;
        }

        /** An optional sign and ASCII digits that fit an int (Integer.parseInt's rule for ASCII). */
        private int parseInt(int f, String column) {
            int s = start[f], e = end[f];
            boolean neg = false;
            if (s < e && (lineBuf[s] == '+' || lineBuf[s] == '-')) {
                neg = lineBuf[s] == '-';
                s++;
            }
            long x = 0;
            boolean ok = s < e;
            for (int i = s; i < e && ok; i++) {
                int d = lineBuf[i] - '0';
                if (d < 0 || d > 9) ok = false;
                else {
                    x = x * 10 + d;
                    if (x > (long) Integer.MAX_VALUE + 1) ok = false;
                }
            }
            if (ok) {
                x = neg ? -x : x;
                ok = x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE;
            }
            if (!ok) throw err(column + " '" + Excerpt.of(text(f)) + "' is not an integer");
            return (int) x;
        }

        /**
         * A finite plain decimal: {@code [+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?}, checked by a
         * scan (Double.parseDouble alone would also take hex floats, "NaN" and suffixes such as 1d),
         * then parsed by Double.parseDouble so the value is exactly what it gives.
         */
        private double parseNumber(int f) {
            int s = start[f], e = end[f], i = s;
            if (i < e && (lineBuf[i] == '+' || lineBuf[i] == '-')) i++;
            int intDigits = 0, fracDigits = 0;
            while (i < e && isDigit(lineBuf[i])) {
                i++;
                intDigits++;
            }
            if (i < e && lineBuf[i] == '.') {
                i++;
                while (i < e && isDigit(lineBuf[i])) {
                    i++;
                    fracDigits++;
                }
            }
            boolean ok = intDigits + fracDigits > 0;
            if (ok && i < e && (lineBuf[i] == 'e' || lineBuf[i] == 'E')) {
                i++;
                if (i < e && (lineBuf[i] == '+' || lineBuf[i] == '-')) i++;
                int expDigits = 0;
                while (i < e && isDigit(lineBuf[i])) {
                    i++;
                    expDigits++;
                }
                ok = expDigits > 0;
            }
            ok &= i == e;
            String name = columnName(f);
            if (!ok) throw err(name + " '" + Excerpt.of(text(f)) + "' is not a number");
            String x = new String(lineBuf, s, e - s, StandardCharsets.ISO_8859_1); // ASCII, checked above
            double d = Double.parseDouble(x);
            if (!Double.isFinite(d)) throw err(name + " '" + Excerpt.of(x) + "' is not finite");
            return d;
        }

        private static boolean isDigit(byte b) {
            return b >= '0' && b <= '9';
        }
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
