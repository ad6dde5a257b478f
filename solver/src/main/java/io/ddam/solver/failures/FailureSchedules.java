package io.ddam.solver.failures;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Network;
import io.ddam.solver.io.TextLines;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Builds {@link LinkSchedule}s from a link event trace file or a generator spec (docs/formats.md, "Link
 * failure schedules"). Specs:
 * <ul>
 *   <li>{@code none}: no failures;</li>
 *   <li>{@code indep:p=P,q=Q,seed=S} or {@code indep:up=U,down=D,seed=S}: every link is an independent
 *       two-state Markov chain: an up link goes down at a step with probability p, a down link comes back
 *       with probability q (p = 1/U, q = 1/D for mean up and down times U, D in steps);</li>
 *   <li>{@code node:id=I,from=A[,to=B]}: node I and all its links are down from step A until step B
 *       (never back without {@code to});</li>
 *   <li>{@code cut:t=A,links=U-V;U-V[,to=B]}: the listed links go down together at step A;</li>
 *   <li>{@code region:lat=LO..HI,lon=LO..HI,from=A[,to=B]}: every link with an endpoint inside the
 *       latitude/longitude box (the GraphML coordinates metadata of a Topology Zoo instance) is down.</li>
 * </ul>
 * Node ids are the instance's ids. The generators are deterministic: the same spec (seed) on the same
 * network gives the same schedule ({@code indep} draws, for t = 1, 2, … and each edge in index order,
 * one number from a {@link SplittableRandom} seeded with {@code seed}).
 */
public final class FailureSchedules {
    /** Longest token accepted from a trace line (a node id, a step, a state). */
    public static final int MAX_TOKEN = 24;

    private FailureSchedules() {}

    /**
     * Whether {@code text} is a generator spec rather than a file name.
     *
     * @param text the command-line value
     * @return true if it starts with a known spec kind
     */
    public static boolean isSpec(String text) {
        String k = text.strip().toLowerCase(Locale.ROOT);
        int colon = k.indexOf(':');
        String kind = colon < 0 ? k : k.substring(0, colon);
        return Set.of("none", "indep", "node", "cut", "region").contains(kind) && (colon >= 0 || kind.equals("none"));
    }

    /**
     * A schedule from a spec or a trace file.
     *
     * @param text     a spec ({@link #isSpec}) or a path to a trace CSV
     * @param network  the network
     * @param metadata the instance metadata (for {@code region}: its {@code coordinates})
     * @param horizon  the last step a generator needs to cover
     * @return the schedule
     * @throws DdamInputException on any bad input (one message naming the spec or file and line)
     */
    public static LinkSchedule load(String text, Network network, Map<String, Object> metadata, long horizon) {
        return isSpec(text) ? fromSpec(text, network, metadata, horizon) : readTrace(Path.of(text), network);
    }

    /**
     * Reads a trace: lines {@code t,u,v,down|up} (t ≥ 1, non-decreasing; u, v the ids of linked nodes);
     * an optional header line {@code t,u,v,state}; blank lines and lines starting with {@code #} are
     * skipped. Linear time, no regular expressions, tokens of at most {@link #MAX_TOKEN} characters.
     *
     * @param file    the CSV file
     * @param network the network
     * @return the schedule
     * @throws DdamInputException naming the file and line of the first problem
     */
    public static LinkSchedule readTrace(Path file, Network network) {
        List<LinkSchedule.Event> events = new ArrayList<>();
        boolean[] down = new boolean[network.edgeCount()];
        String src = file.toString();
        long last = 1;
        try (TextLines lines = TextLines.open(file)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                int no = lines.lineNo();
                String s = line.strip();
                if (s.isEmpty() || s.charAt(0) == '#') continue;
                String[] f = new String[4];
                int k = 0, from = 0;
                for (int i = 0; i <= s.length(); i++) {
                    if (i == s.length() || s.charAt(i) == ',') {
                        if (k == 4) throw new DdamInputException(src, no, "expected 4 fields t,u,v,state but found more");
                        if (i - from > MAX_TOKEN) throw new DdamInputException(src, no, "field " + (k + 1) + " is longer than " + MAX_TOKEN + " characters");
                        f[k++] = s.substring(from, i).strip();
                        from = i + 1;
                    }
                }
                if (k != 4) throw new DdamInputException(src, no, "expected 4 fields t,u,v,state but found " + k);
                if (events.isEmpty() && last == 1 && f[0].equalsIgnoreCase("t")) continue; // header
                long t = number(f[0], src, no, "step t");
                if (t < 1) throw new DdamInputException(src, no, "step " + t + " is before step 1");
                if (t < last) throw new DdamInputException(src, no, "step " + t + " comes after step " + last + " (times must not decrease)");
                last = t;
                long u = number(f[1], src, no, "node u"), v = number(f[2], src, no, "node v");
                int a = index(network, u), b = index(network, v);
                int e = a < 0 || b < 0 ? -1 : network.edgeBetween(a, b);
                if (e < 0) throw new DdamInputException(src, no, "there is no link " + u + "-" + v + " in the network");
                boolean d;
                if (f[3].equalsIgnoreCase("down")) d = true;
                else if (f[3].equalsIgnoreCase("up")) d = false;
                else throw new DdamInputException(src, no, "state '" + DdamInputException.escapeControls(f[3]) + "' is not down or up");
                if (down[e] == d) throw new DdamInputException(src, no, "link " + u + "-" + v + " is already " + (d ? "down" : "up"));
                down[e] = d;
                events.add(new LinkSchedule.Event(t, e, d));
            }
        }
        return LinkSchedule.of(network, events);
    }

    private static int index(Network network, long id) {
        if (id < Integer.MIN_VALUE || id > Integer.MAX_VALUE) return -1;
        return network.indexOf((int) id);
    }

    private static long number(String s, String src, int line, String what) {
        if (s.isEmpty()) throw new DdamInputException(src, line, what + " is empty");
        long v = 0;
        int i = 0;
        boolean neg = s.charAt(0) == '-';
        if (neg || s.charAt(0) == '+') i = 1;
        if (i == s.length() || s.length() > 18) throw new DdamInputException(src, line, what + " '" + DdamInputException.escapeControls(s) + "' is not an integer");
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw new DdamInputException(src, line, what + " '" + DdamInputException.escapeControls(s) + "' is not an integer");
            v = v * 10 + (c - '0');
        }
        return neg ? -v : v;
    }

    /**
     * A schedule from a generator spec (see the class comment).
     *
     * @param spec     the spec
     * @param network  the network
     * @param metadata instance metadata (coordinates for {@code region})
     * @param horizon  last step to generate for ({@code indep})
     * @return the schedule
     * @throws DdamInputException naming the spec and the problem
     */
    public static LinkSchedule fromSpec(String spec, Network network, Map<String, Object> metadata, long horizon) {
        String text = spec.strip();
        int colon = text.indexOf(':');
        String kind = (colon < 0 ? text : text.substring(0, colon)).toLowerCase(Locale.ROOT);
        Map<String, String> kv = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String part : text.substring(colon + 1).split(",", -1)) {
                if (part.isBlank()) continue;
                int eq = part.indexOf('=');
                if (eq < 0) throw bad(text, "'" + part.strip() + "' is not key=value");
                String key = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                if (kv.put(key, part.substring(eq + 1).strip()) != null) throw bad(text, "key '" + key + "' is given twice");
            }
        }
        List<LinkSchedule.Event> events = new ArrayList<>();
        switch (kind) {
            case "none" -> only(text, kv);
            case "indep" -> {
                only(text, kv, "p", "q", "up", "down", "seed");
                double p, q;
                if (kv.containsKey("p") || kv.containsKey("q")) {
                    if (kv.containsKey("up") || kv.containsKey("down")) throw bad(text, "give p,q or up,down, not both");
                    p = probability(text, kv, "p");
                    q = probability(text, kv, "q");
                } else {
                    p = 1 / atLeastOne(text, kv, "up");
                    q = 1 / atLeastOne(text, kv, "down");
                }
                long seed = kv.containsKey("seed") ? integer(text, kv, "seed") : 1;
                SplittableRandom rnd = new SplittableRandom(seed);
                boolean[] down = new boolean[network.edgeCount()];
                for (long t = 1; t <= horizon; t++) {
                    for (int e = 0; e < down.length; e++) {
                        double r = rnd.nextDouble();
                        if (down[e] ? r < q : r < p) {
                            down[e] = !down[e];
                            events.add(new LinkSchedule.Event(t, e, down[e]));
                        }
                    }
                }
            }
            case "node" -> {
                only(text, kv, "id", "from", "to");
                int node = node(text, network, integer(text, kv, "id"));
                int[] edges = new int[network.degree(node)];
                for (int k = 0; k < edges.length; k++) edges[k] = network.adjacentEdge(network.adjacencyStart(node) + k);
                window(text, kv, "from", edges, events);
            }
            case "cut" -> {
                only(text, kv, "t", "links", "to");
                String links = require(text, kv, "links");
                TreeSet<Integer> set = new TreeSet<>();
                for (String l : links.split(";", -1)) {
                    int dash = l.indexOf('-', 1);
                    if (dash < 0) throw bad(text, "link '" + l.strip() + "' is not U-V");
                    int a = node(text, network, parseLong(text, "links", l.substring(0, dash).strip()));
                    int b = node(text, network, parseLong(text, "links", l.substring(dash + 1).strip()));
                    int e = network.edgeBetween(a, b);
                    if (e < 0) throw bad(text, "there is no link " + l.strip() + " in the network");
                    if (!set.add(e)) throw bad(text, "link " + l.strip() + " is listed twice");
                }
                window(text, kv, "t", set.stream().mapToInt(Integer::intValue).toArray(), events);
            }
            case "region" -> {
                only(text, kv, "lat", "lon", "from", "to");
                double[] lat = range(text, kv, "lat"), lon = range(text, kv, "lon");
                Object coords = metadata == null ? null : metadata.get("coordinates");
                if (!(coords instanceof Map<?, ?> cm)) throw bad(text, "the instance has no node coordinates (GraphML Latitude/Longitude)");
                boolean[] inside = new boolean[network.nodeCount()];
                for (int i = 0; i < inside.length; i++) {
                    Object c = cm.get(Integer.toString(network.id(i)));
                    if (c instanceof List<?> ll && ll.size() == 2 && ll.get(0) instanceof Number la && ll.get(1) instanceof Number lo) {
                        inside[i] = la.doubleValue() >= lat[0] && la.doubleValue() <= lat[1]
                                && lo.doubleValue() >= lon[0] && lo.doubleValue() <= lon[1];
                    }
                }
                List<Integer> edges = new ArrayList<>();
                for (int e = 0; e < network.edgeCount(); e++) if (inside[network.edgeU(e)] || inside[network.edgeV(e)]) edges.add(e);
                if (edges.isEmpty()) throw bad(text, "no node lies in the box");
                window(text, kv, "from", edges.stream().mapToInt(Integer::intValue).toArray(), events);
            }
            default -> throw bad(text, "unknown kind '" + kind + "' (use none, indep, node, cut or region)");
        }
        return LinkSchedule.of(network, events);
    }

    private static void window(String text, Map<String, String> kv, String fromKey, int[] edges, List<LinkSchedule.Event> events) {
        long from = integer(text, kv, fromKey);
        if (from < 1) throw bad(text, fromKey + " must be at least 1");
        Long to = kv.containsKey("to") ? integer(text, kv, "to") : null;
        if (to != null && to <= from) throw bad(text, "to must be after " + fromKey);
        for (int e : edges) events.add(new LinkSchedule.Event(from, e, true));
        if (to != null) for (int e : edges) events.add(new LinkSchedule.Event(to, e, false));
    }

    private static int node(String text, Network network, long id) {
        int i = id < Integer.MIN_VALUE || id > Integer.MAX_VALUE ? -1 : network.indexOf((int) id);
        if (i < 0) throw bad(text, "there is no node " + id + " in the network");
        return i;
    }

    private static DdamInputException bad(String spec, String problem) {
        return new DdamInputException("failure spec '" + DdamInputException.escapeControls(spec) + "': " + problem);
    }

    private static void only(String text, Map<String, String> kv, String... keys) {
        Set<String> allowed = Set.of(keys);
        for (String k : kv.keySet()) {
            if (!allowed.contains(k)) throw bad(text, "unknown key '" + k + "'" + (keys.length == 0 ? "" : "; known keys: " + String.join(", ", new TreeSet<>(allowed))));
        }
    }

    private static String require(String text, Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null || v.isEmpty()) throw bad(text, "missing " + key + "=");
        return v;
    }

    private static long integer(String text, Map<String, String> kv, String key) {
        return parseLong(text, key, require(text, kv, key));
    }

    private static long parseLong(String text, String key, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw bad(text, key + " '" + v + "' is not an integer");
        }
    }

    private static double number(String text, String key, String v) {
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw bad(text, key + " '" + v + "' is not a finite number");
        }
    }

    private static double probability(String text, Map<String, String> kv, String key) {
        double p = number(text, key, require(text, kv, key));
        if (p < 0 || p > 1) throw bad(text, key + " = " + p + " is outside [0, 1]");
        return p;
    }

    private static double atLeastOne(String text, Map<String, String> kv, String key) {
        double v = number(text, key, require(text, kv, key));
        if (v < 1) throw bad(text, key + " = " + v + " must be a mean time of at least 1 step");
        return v;
    }

    private static double[] range(String text, Map<String, String> kv, String key) {
        String v = require(text, kv, key);
        int dots = v.indexOf("..");
        if (dots < 0) throw bad(text, key + " '" + v + "' is not LO..HI");
        double lo = number(text, key, v.substring(0, dots).strip()), hi = number(text, key, v.substring(dots + 2).strip());
        if (hi < lo) throw bad(text, key + " range " + v + " is empty");
        return new double[] {lo, hi};
    }
}
