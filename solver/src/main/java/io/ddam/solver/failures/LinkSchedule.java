package io.ddam.solver.failures;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * When each link of a network is down: the failure schedule a simulation replays (docs/formats.md,
 * "Link failure schedules"). Every link is up before step 1; an event at step t sets the link's state
 * from step t on (inclusive) until the link's next event. A link is <em>down at step t</em> when its
 * last event at a step ≤ t is {@code down}. Events alternate per link (down, up, down, …): a redundant
 * event is rejected, so a schedule always has a well-defined state.
 *
 * <p>Stored per link as sorted, disjoint half-open down intervals [start, end) (end =
 * {@link #FOREVER} when the link never comes back), so "is link e down anywhere in steps [a, b]" is a
 * binary search ({@link #downWithin}) and the protocols can ask it for every message without
 * allocating. Immutable.
 */
public final class LinkSchedule {
    /** End of a down interval that never ends. */
    public static final long FOREVER = Long.MAX_VALUE;

    /** One state change: link {@code edge} (the network's edge index) goes down or comes up at step {@code t}. */
    public record Event(long t, int edge, boolean down) {}

    private final Network network;
    private final List<Event> events;
    private final long[][] start; // start[e][k], ascending
    private final long[][] end;   // end[e][k] > start[e][k]; end[e][k] <= start[e][k+1]

    private LinkSchedule(Network network, List<Event> events, long[][] start, long[][] end) {
        this.network = network;
        this.events = events;
        this.start = start;
        this.end = end;
    }

    /**
     * No failures at all.
     *
     * @param network the network
     * @return a schedule in which every link is always up
     */
    public static LinkSchedule none(Network network) {
        return of(network, List.of());
    }

    /**
     * A schedule from events in time order.
     *
     * @param network the network whose edge indices the events use
     * @param events  events with non-decreasing t ≥ 1, alternating down/up per link starting with down
     * @return the schedule
     * @throws DdamInputException if an event is out of order, names no edge, or repeats a link's state
     */
    public static LinkSchedule of(Network network, List<Event> events) {
        int edges = network.edgeCount();
        int[] count = new int[edges];
        boolean[] down = new boolean[edges];
        long last = 1;
        for (Event ev : events) {
            if (ev.t() < last) throw new DdamInputException("link event at step " + ev.t() + " comes after step " + last);
            last = ev.t();
            if (ev.edge() < 0 || ev.edge() >= edges) throw new DdamInputException("link event names edge " + ev.edge());
            if (down[ev.edge()] == ev.down()) {
                throw new DdamInputException("link " + describe(network, ev.edge()) + " is already "
                        + (ev.down() ? "down" : "up") + " at step " + ev.t());
            }
            down[ev.edge()] = ev.down();
            if (ev.down()) count[ev.edge()]++;
        }
        long[][] start = new long[edges][];
        long[][] end = new long[edges][];
        for (int e = 0; e < edges; e++) {
            start[e] = new long[count[e]];
            end[e] = new long[count[e]];
        }
        int[] k = new int[edges];
        for (Event ev : events) {
            int e = ev.edge();
            if (ev.down()) {
                start[e][k[e]] = ev.t();
                end[e][k[e]] = FOREVER;
                k[e]++;
            } else {
                end[e][k[e] - 1] = ev.t();
            }
        }
        // A link that goes down and up at the same step is never down: drop empty intervals.
        for (int e = 0; e < edges; e++) {
            int w = 0;
            for (int i = 0; i < start[e].length; i++) {
                if (end[e][i] > start[e][i]) {
                    start[e][w] = start[e][i];
                    end[e][w++] = end[e][i];
                }
            }
            if (w < start[e].length) {
                start[e] = Arrays.copyOf(start[e], w);
                end[e] = Arrays.copyOf(end[e], w);
            }
        }
        return new LinkSchedule(network, List.copyOf(events), start, end);
    }

    static String describe(Network network, int e) {
        return network.id(network.edgeU(e)) + "-" + network.id(network.edgeV(e));
    }

    /**
     * The network.
     *
     * @return the network whose edges the schedule uses
     */
    public Network network() { return network; }

    /**
     * The events in time order.
     *
     * @return an unmodifiable list
     */
    public List<Event> events() { return events; }

    /**
     * Whether no link ever goes down.
     *
     * @return true for an empty schedule
     */
    public boolean isEmpty() {
        for (long[] s : start) if (s.length > 0) return false;
        return true;
    }

    /**
     * Whether link {@code e} is down at some step in [a, b] (inclusive; empty when b &lt; a). O(log k) for k
     * down intervals of the link; allocates nothing.
     *
     * @param e the edge index
     * @param a first step
     * @param b last step
     * @return true if the link is down at any step a..b
     */
    public boolean downWithin(int e, long a, long b) {
        long[] s = start[e];
        if (s.length == 0 || b < a) return false;
        // the last interval starting at or before b
        int lo = 0, hi = s.length - 1, k = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (s[mid] <= b) { k = mid; lo = mid + 1; } else hi = mid - 1;
        }
        return k >= 0 && end[e][k] > a;
    }

    /**
     * The first down interval of link {@code e} that is still open after step x: the smallest k with
     * {@link #downEnd}(e, k) &gt; x, for a caller that walks the intervals itself (the failure-aware
     * protocols' per-message cursors). O(log k); allocates nothing.
     *
     * @param e the edge index
     * @param x a step
     * @return the interval's index, or −1 if link e is up at every step after x
     */
    public int firstDownEndingAfter(int e, long x) {
        long[] en = end[e];
        int lo = 0, hi = en.length - 1, k = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (en[mid] > x) { k = mid; hi = mid - 1; } else lo = mid + 1;
        }
        return k;
    }

    /**
     * First step of the k-th down interval of link {@code e} (intervals in time order, disjoint).
     *
     * @param e the edge index
     * @param k the interval, 0 ≤ k &lt; the link's interval count
     * @return the step at which the link goes down
     */
    public long downStart(int e, int k) { return start[e][k]; }

    /**
     * The step at which the k-th down interval of link {@code e} ends: the link is up again from this step
     * on ({@link #FOREVER} if it never comes back).
     *
     * @param e the edge index
     * @param k the interval, 0 ≤ k &lt; the link's interval count
     * @return the first step after the interval
     */
    public long downEnd(int e, int k) { return end[e][k]; }

    /**
     * Whether link {@code e} is down at step t.
     *
     * @param e the edge index
     * @param t the step
     * @return true if down
     */
    public boolean isDown(int e, long t) { return downWithin(e, t, t); }

    /**
     * Fills {@code up} with the live graph at step t.
     *
     * @param t  the step
     * @param up one entry per edge; set to whether the link is up at t
     */
    public void liveAt(long t, boolean[] up) {
        for (int e = 0; e < up.length; e++) up[e] = !isDown(e, t);
    }

    /**
     * Whether the live graph changes between step t−1 and step t (some event at t changes a state; t = 1
     * compares with the all-up graph before the run).
     *
     * @param e the edge
     * @param t the step
     * @return true if link e's state at t differs from its state at t−1
     */
    public boolean changesAt(int e, long t) { return isDown(e, t) != (t > 1 && isDown(e, t - 1)); }

    /**
     * The steps in 1..T at which the live graph is partitioned (more than one connected component).
     *
     * @param horizon T
     * @return how many of the steps 1..T have a disconnected live graph
     */
    public long partitionedSteps(int horizon) {
        long steps = 0;
        boolean[] up = new boolean[network.edgeCount()];
        boolean partitioned = false;
        long[] times = changeTimes(horizon);
        int next = 0;
        for (long t = 1; t <= horizon; t++) {
            if (next < times.length && times[next] == t) {
                while (next < times.length && times[next] == t) next++;
                liveAt(t, up);
                partitioned = components(network, up) > 1;
            } else if (t == 1) {
                liveAt(t, up);
                partitioned = components(network, up) > 1;
            }
            if (partitioned) steps++;
        }
        return steps;
    }

    /**
     * The distinct steps in 1..T at which some link changes state, ascending.
     *
     * @param horizon T
     * @return the change steps
     */
    public long[] changeTimes(long horizon) {
        List<Long> out = new ArrayList<>();
        for (int e = 0; e < start.length; e++) {
            for (int k = 0; k < start[e].length; k++) {
                if (start[e][k] <= horizon) out.add(start[e][k]);
                if (end[e][k] <= horizon) out.add(end[e][k]);
            }
        }
        return out.stream().mapToLong(Long::longValue).distinct().sorted().toArray();
    }

    /**
     * The number of connected components of the graph of the links that are up.
     *
     * @param network the network
     * @param up      per edge, whether it is up
     * @return the component count (isolated nodes count)
     */
    public static int components(Network network, boolean[] up) {
        int n = network.nodeCount();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        int comps = n;
        for (int e = 0; e < network.edgeCount(); e++) {
            if (!up[e]) continue;
            int a = find(parent, network.edgeU(e)), b = find(parent, network.edgeV(e));
            if (a != b) {
                parent[a] = b;
                comps--;
            }
        }
        return comps;
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    /**
     * Down steps of link e within 1..T.
     *
     * @param e       the edge
     * @param horizon T
     * @return the number of steps in 1..T at which e is down
     */
    public long downSteps(int e, long horizon) {
        long s = 0;
        for (int k = 0; k < start[e].length; k++) {
            long a = start[e][k], b = Math.min(end[e][k], horizon + 1);
            if (b > a) s += b - a;
        }
        return s;
    }
}
