package io.ddam.online.data;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.io.Excerpt;
import io.ddam.solver.io.TextLines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real wireless-traffic data for the experiment of method.md §4.2, read from a CSV of per-access-point
 * series at 10-minute steps.
 *
 * <p><b>Format</b>: header {@code square_id,time_interval,internet_total} (the columns of the shared
 * Milan sample), then one row per series and slot: an id (any text without commas; one series = one AP =
 * one agent), the slot's start as epoch milliseconds, and the traffic (finite, ≥ 0). Rows may come in
 * any order. All series must cover the same contiguous 10-minute slots, whose count must be a multiple
 * of 6, and the first slot must start at minute 0 of an hour in the chosen time zone.
 *
 * <p><b>Preprocessing</b>: value v_{n,t} ∈ R^6 = ln(1 + x) of the six samples of hour t, in time order;
 * key k_{n,t} = {@link TrafficKeys} of (n, local hour of day of hour t's first slot in {@code zone}).
 * Series are mapped to agents in sorted id order (numerically when every id is an integer, otherwise
 * lexicographically); their number must equal the instance's number of agents and be at most 16.
 */
public final class TrafficStream extends HourlyTrafficStream {
    /** Length of one sample, ms. */
    public static final long SLOT_MS = 600_000L;
    /** The expected header. */
    public static final String HEADER = "square_id,time_interval,internet_total";
    /** Longest accepted field (id, time or traffic); longer ones are rejected before parsing. */
    public static final int MAX_FIELD_CHARS = 1000;
    /** 9999-12-31T23:59:59.999Z, the last accepted sample time. */
    private static final long LAST_MS = 253_402_300_799_999L;

    private final String source;
    private final List<String> ids;
    private final ZoneId zone;

    private TrafficStream(String source, List<String> ids, ZoneId zone, int horizon, double[][] logTraffic, int[] hours) {
        super(ids.size(), horizon, logTraffic, hours);
        this.source = source;
        this.ids = List.copyOf(ids);
        this.zone = zone;
    }

    /**
     * {@link #load(Path, int, ZoneId)} with hours of day in UTC.
     *
     * @param file   the traffic CSV
     * @param agents the instance's N, which must equal the number of series (≤ 16)
     * @return the stream, one hourly step per six samples
     * @throws DdamInputException naming the file and line if the file is missing or malformed
     */
    public static TrafficStream load(Path file, int agents) {
        return load(file, agents, ZoneOffset.UTC);
    }

    /**
     * Reads {@code file}; {@code agents} is the instance's N (checked against the number of series);
     * {@code zone} fixes the hour of day (use {@code Europe/Rome} for the Milan sample, which then starts at hour 0).
     *
     * @param file   the traffic CSV
     * @param agents the instance's N, which must equal the number of series (≤ 16)
     * @param zone   the time zone the hour of day is taken in
     * @return the stream, one hourly step per six samples
     * @throws DdamInputException naming the file and line if the file is missing or malformed, the series
     *                            do not line up, or their number does not match {@code agents}
     */
    public static TrafficStream load(Path file, int agents, ZoneId zone) {
        String source = file.toString();
        Map<String, Series> byId = new LinkedHashMap<>();
        if (Files.isDirectory(file)) throw new DdamInputException(source, 0, "is a directory, not a data file");
        // Bounded, strictly decoded lines with exact numbers; tokens quoted at most 80 characters.
        try (TextLines in = TextLines.open(file)) {
            String line = in.next();
            if (line == null) throw new DdamInputException(source, 0, "empty file: expected the header " + HEADER);
            if (line.startsWith("\uFEFF")) line = line.substring(1);
            if (!line.replace(" ", "").equals(HEADER)) {
                throw new DdamInputException(source, 1, "bad header '" + Excerpt.of(line) + "': expected " + HEADER);
            }
            while ((line = in.next()) != null) {
                int lineNo = in.lineNo();
                if (line.isBlank()) continue;
                String[] f = line.split(",", -1);
                if (f.length != 3) throw new DdamInputException(source, lineNo, "expected 3 columns, found " + f.length);
                String id = f[0].trim();
                if (id.isEmpty()) throw new DdamInputException(source, lineNo, "empty series id");
                if (id.length() > MAX_FIELD_CHARS) {
                    throw new DdamInputException(source, lineNo, "series id '" + Excerpt.of(id) + "' is longer than " + MAX_FIELD_CHARS + " characters");
                }
                long time;
                String ts = f[1].trim(), xs = f[2].trim();
                try {
                    if (ts.length() > MAX_FIELD_CHARS) throw new NumberFormatException();
                    time = Long.parseLong(ts);
                } catch (NumberFormatException e) {
                    throw new DdamInputException(source, lineNo, "time_interval '" + Excerpt.of(ts) + "' is not an integer (epoch ms)");
                }
                if (time < 0 || time > LAST_MS) {
                    // also keeps the slot arithmetic and the calendar (hour of day) far from overflow
                    throw new DdamInputException(source, lineNo, "time_interval " + time + " is outside the years 1970..9999");
                }
                double x;
                try {
                    if (xs.length() > MAX_FIELD_CHARS) throw new NumberFormatException();
                    x = Double.parseDouble(xs);
                } catch (NumberFormatException e) {
                    throw new DdamInputException(source, lineNo, "traffic '" + Excerpt.of(xs) + "' is not a number");
                }
                if (!Double.isFinite(x) || x < 0) {
                    throw new DdamInputException(source, lineNo, "traffic must be finite and non-negative, not " + Excerpt.of(xs));
                }
                byId.computeIfAbsent(id, k -> new Series()).add(time, x, lineNo);
            }
        }
        if (byId.isEmpty()) throw new DdamInputException(source, 0, "no data rows after the header");

        List<String> ids = new ArrayList<>(byId.keySet());
        boolean numeric = ids.stream().allMatch(s -> s.matches("[+-]?\\d{1,18}"));
        ids.sort(numeric ? Comparator.comparingLong(Long::parseLong) : Comparator.naturalOrder());
        if (ids.size() != agents) {
            throw new DdamInputException(source, 0, "the file has " + ids.size() + " series (access points), but the instance has "
                    + agents + " agents");
        }
        TrafficKeys.requireFits(source, ids.size());

        long start = Long.MAX_VALUE, end = Long.MIN_VALUE;
        for (Series s : byId.values()) {
            s.sort();
            start = Math.min(start, s.times[0]);
            end = Math.max(end, s.times[s.size - 1]);
        }
        ZonedDateTime first = Instant.ofEpochMilli(start).atZone(zone);
        if (first.getMinute() != 0 || first.getSecond() != 0 || first.getNano() != 0) {
            throw new DdamInputException(source, 0, "the first slot starts at " + first + ", not at a full hour in " + zone);
        }
        long slots = (end - start) / SLOT_MS + 1;
        double[][] log = new double[agents][];
        for (int n = 0; n < agents; n++) {
            String id = ids.get(n);
            Series s = byId.get(id);
            for (int i = 0; i < s.size; i++) {
                long off = s.times[i] - start;
                if (off % SLOT_MS != 0) {
                    throw new DdamInputException(source, s.lines[i], "time " + Instant.ofEpochMilli(s.times[i])
                            + " is not on the 10-minute grid that starts at " + Instant.ofEpochMilli(start));
                }
                if (i > 0 && s.times[i] == s.times[i - 1]) {
                    throw new DdamInputException(source, s.lines[i], "duplicate sample of series " + id + " at "
                            + Instant.ofEpochMilli(s.times[i]) + " (first at line " + s.lines[i - 1] + ")");
                }
                if (off / SLOT_MS != i) {
                    throw new DdamInputException(source, 0, "series " + id + " has no sample at "
                            + Instant.ofEpochMilli(start + i * SLOT_MS) + " (all series must cover the same contiguous 10-minute slots)");
                }
            }
            if (s.size != slots) {
                throw new DdamInputException(source, 0, "series " + id + " has no sample at "
                        + Instant.ofEpochMilli(start + s.size * SLOT_MS) + " (all series must cover the same contiguous 10-minute slots)");
            }
            log[n] = new double[s.size];
            for (int i = 0; i < s.size; i++) log[n][i] = Math.log1p(s.values[i]);
        }
        if (slots % TrafficKeys.SAMPLES_PER_HOUR != 0) {
            throw new DdamInputException(source, 0, "incomplete hour: the series cover " + slots
                    + " ten-minute slots, not a multiple of 6 (the last hour, from "
                    + Instant.ofEpochMilli(start + (slots / 6) * 6 * SLOT_MS) + ", has only " + slots % 6 + ")");
        }
        int horizon = (int) (slots / TrafficKeys.SAMPLES_PER_HOUR);
        int[] hours = new int[horizon];
        for (int t = 0; t < horizon; t++) {
            hours[t] = Instant.ofEpochMilli(start + t * 6 * SLOT_MS).atZone(zone).getHour();
        }
        return new TrafficStream(source, ids, zone, horizon, log, hours);
    }

    /**
     * The series ids in agent order: entry n is the {@code square_id} that feeds agent n.
     *
     * @return an unmodifiable list of N ids
     */
    public List<String> seriesIds() { return ids; }

    @Override
    public String describe() {
        return "traffic(" + source + ", N=" + agents() + ", T=" + horizon() + " hours, ln(1+x), zone=" + zone + ")";
    }

    /** One series being read: growable parallel arrays (a long file has millions of rows). */
    private static final class Series {
        long[] times = new long[64];
        double[] values = new double[64];
        int[] lines = new int[64];
        int size;

        void add(long t, double x, int line) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                values = Arrays.copyOf(values, size * 2);
                lines = Arrays.copyOf(lines, size * 2);
            }
            times[size] = t;
            values[size] = x;
            lines[size++] = line;
        }

        void sort() {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) order[i] = i;
            Arrays.sort(order, Comparator.comparingLong((Integer i) -> times[i]).thenComparingInt(i -> lines[i]));
            long[] t = new long[size];
            double[] v = new double[size];
            int[] l = new int[size];
            for (int i = 0; i < size; i++) {
                t[i] = times[order[i]];
                v[i] = values[order[i]];
                l[i] = lines[order[i]];
            }
            times = t;
            values = v;
            lines = l;
        }
    }
}
