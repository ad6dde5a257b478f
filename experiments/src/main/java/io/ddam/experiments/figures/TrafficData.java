package io.ddam.experiments.figures;

import io.ddam.online.data.DataStream;
import io.ddam.online.data.SyntheticTrafficStream;
import io.ddam.online.data.TrafficKeys;
import io.ddam.online.data.TrafficStream;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.io.TextLines;
import io.ddam.solver.graph.Network;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The traffic data of Figs. 7–9 (method.md §4.2): either the documented synthetic stand-in
 * ({@link SyntheticTrafficStream}, 16 APs on {@link PaperNetworks#er16()}, one stream per seed; not real
 * data) or the user's traffic CSV ({@link TrafficStream} format), with one agent per series, at most
 * {@value TrafficKeys#MAX_APS} (with more, the first 16 series in the file's id order are used), on
 * {@link PaperNetworks#traffic}(N). A real file is one fixed stream whatever the seed, and its length caps
 * the horizons ({@link #availableHours()}).
 */
public final class TrafficData {
    private final Path file;
    private final TrafficStream real;
    private final int agents;
    private final String description;

    private TrafficData(Path file, TrafficStream real, int agents, String description) {
        this.file = file;
        this.real = real;
        this.agents = agents;
        this.description = description;
    }

    /**
     * The synthetic stand-in: 16 APs, one stream per seed.
     *
     * @return the stand-in
     */
    public static TrafficData standIn() {
        return new TrafficData(null, null, TrafficKeys.MAX_APS,
                "synthetic stand-in (not real data): SyntheticTrafficStream, 16 APs, one stream per seed");
    }

    /**
     * Reads the user's traffic CSV ({@code square_id,time_interval,internet_total}).
     *
     * @param file the CSV
     * @param zone the time zone of the hour-of-day keys
     * @return the data
     * @throws DdamInputException if the file cannot be read, is malformed, or has fewer than 2 series
     */
    public static TrafficData load(Path file, ZoneId zone) {
        String source = file.toString();
        if (!Files.isRegularFile(file)) throw new DdamInputException(source, 0, "no such file");
        List<String> ids = new ArrayList<>(seriesIds(file));
        if (ids.isEmpty()) {
            TrafficStream.load(file, 1, zone); // reports the header or "no data rows" problem with its line
            throw new DdamInputException(source, 0, "no data rows after the header");
        }
        if (ids.size() < 2) throw new DdamInputException(source, 0, "has only " + ids.size() + " series; the traffic figures need at least 2 agents");
        boolean numeric = ids.stream().allMatch(s -> s.matches("[+-]?\\d{1,18}"));
        ids.sort(numeric ? Comparator.comparingLong(Long::parseLong) : Comparator.naturalOrder());
        int total = ids.size();
        TrafficStream stream;
        if (total <= TrafficKeys.MAX_APS) {
            stream = TrafficStream.load(file, total, zone);
        } else {
            stream = loadFirst(file, new HashSet<>(ids.subList(0, TrafficKeys.MAX_APS)), zone);
        }
        int n = stream.agents();
        String what = "real data: " + source + " (" + n + " series" + (total > n ? ", the first " + n + " of " + total + " by id" : "")
                + ", " + stream.horizon() + " hours, ln(1+x), hours of day in " + zone + ")";
        return new TrafficData(file, stream, n, what);
    }

    private static Set<String> seriesIds(Path file) {
        Set<String> ids = new LinkedHashSet<>();
        try (TextLines in = TextLines.open(file)) {
            String line = in.next();
            if (line == null) return ids;
            while ((line = in.next()) != null) {
                if (line.isBlank()) continue;
                int comma = line.indexOf(',');
                String id = (comma < 0 ? line : line.substring(0, comma)).trim();
                if (!id.isEmpty()) ids.add(id);
            }
        }
        return ids;
    }

    private static TrafficStream loadFirst(Path file, Set<String> keep, ZoneId zone) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("ddam-traffic", ".csv");
            tmp.toFile().deleteOnExit(); // also on Ctrl-C, which runs the JVM's exit hooks
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                 BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                String line = in.readLine();
                out.write(line);
                out.newLine();
                while ((line = in.readLine()) != null) {
                    int comma = line.indexOf(',');
                    if (keep.contains((comma < 0 ? line : line.substring(0, comma)).trim())) {
                        out.write(line);
                        out.newLine();
                    }
                }
            }
            try {
                return TrafficStream.load(tmp, keep.size(), zone);
            } catch (DdamInputException e) {
                // Name the user's file, not the temporary copy (line numbers then refer to the copy: say so).
                throw new DdamInputException(file.toString(), 0, e.problem() + " (in the first " + keep.size() + " series)");
            }
        } catch (IOException e) {
            throw new DdamInputException(file.toString(), 0, "cannot read: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    /**
     * Whether this is the user's data rather than the stand-in.
     *
     * @return true for a file
     */
    public boolean isReal() { return real != null; }

    /**
     * The user's file.
     *
     * @return the path, or {@code null} for the stand-in
     */
    public Path file() { return file; }

    /**
     * N, the number of agents (APs).
     *
     * @return 16 for the stand-in, else the number of series used
     */
    public int agents() { return agents; }

    /**
     * The most hours a run may use.
     *
     * @return the file's hours, or {@link Integer#MAX_VALUE} for the stand-in (generated to any length)
     */
    public int availableHours() { return real == null ? Integer.MAX_VALUE : real.horizon(); }

    /**
     * Where the data comes from, for plots and summaries: "real data: FILE …" or "synthetic stand-in (not real data) …".
     *
     * @return one line
     */
    public String describe() { return description; }

    /**
     * The physical graph: {@link PaperNetworks#traffic}(N).
     *
     * @return the network
     */
    public Network network() { return PaperNetworks.traffic(agents); }

    /**
     * The spec of the physical graph.
     *
     * @return e.g. {@code er:n=16,p=0.25,seed=16}
     */
    public String networkSpec() { return PaperNetworks.trafficSpec(agents); }

    /**
     * The stream of a run.
     *
     * @param horizon T (at most {@link #availableHours()})
     * @param seed    the data seed (the stand-in's seed; a real file ignores it)
     * @return the stream
     */
    public DataStream stream(int horizon, long seed) {
        if (real != null) {
            if (horizon > real.horizon()) throw new DdamInputException("the traffic file has " + real.horizon() + " hours, not " + horizon);
            return real;
        }
        return new SyntheticTrafficStream(agents, horizon, seed);
    }
}
