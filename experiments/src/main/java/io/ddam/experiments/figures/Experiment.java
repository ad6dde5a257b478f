package io.ddam.experiments.figures;

import io.ddam.online.data.DataStream;
import io.ddam.online.data.SyntheticStream;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.generate.InterestGenerators;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;

import java.util.List;

/**
 * The definition of one reproduced figure: the sweep, the parameters of every run, the series drawn,
 * and the decisions taken where the paper is silent. Built by {@link Experiments#of}; tests may shrink
 * it with {@link #withPoints} and {@link #withSeeds}. Executed by {@link FigureRunner}.
 *
 * <p>At sweep point p and seed s (s = 1..{@code seeds}) every {@link RunGroup} is one
 * {@link io.ddam.experiments.run.Simulation#run} on the physical graph {@link #network()}, with
 * W = Dirichlet(y0, y1) drawn with seed {@link Experiments#W_SEED_OFFSET} + s ({@link #interest}) and the
 * data stream of seed s ({@link #stream}), DeltaNet cost, the Frobenius ball of radius {@code radius},
 * step sizes {@code eta}, and horizon T of the point: every point is its own run (theory step sizes
 * depend on T), not a prefix of a longer one.
 *
 * <p>With {@code eta} = {@code tuned} (held-out tuning, see {@link Tuning}) every (run group, protocol)
 * pair first gets one constant η from {@code tuningGrid}: the one with the lowest S-Reg/T' at the
 * {@code reference} point on the held-out seed {@link Tuning#SEED} (never one of the evaluated seeds
 * 1..K); the sweep then runs each protocol of a group on its own with its η.
 *
 * @param figure    which figure
 * @param title     the plot title
 * @param xLabel    the x-axis label
 * @param yLabel    the y-axis label
 * @param logX      logarithmic x axis
 * @param logY      logarithmic y axis
 * @param quick     whether this is the {@code --quick} variant (fewer points and seeds)
 * @param points    the sweep, in plotting order
 * @param seeds     K, the number of seeds (s = 1..K)
 * @param eta       the step size: {@code tuned}, {@code theory} or a number
 * @param radius    R, the radius of the Frobenius ball 𝒳
 * @param dk        d_k of the synthetic data (ignored for traffic, where it is 34)
 * @param dv        d_v of the synthetic data (ignored for traffic, where it is 6)
 * @param traffic   the traffic data (Figs. 7–9), {@code null} for the synthetic figures
 * @param windows   the windows Ω measured in every run (0 = Ω = T)
 * @param groups    the runs made at every point and seed
 * @param series    the series of the figure
 * @param decisions the figure's parameters and our decisions, one sentence each, for help, notes and summary
 * @param reference  the point at which {@code tuned} step sizes are chosen (need not be a sweep point)
 * @param tuningGrid the constant step sizes that {@code tuned} tries, in increasing order
 */
public record Experiment(Figure figure, String title, String xLabel, String yLabel, boolean logX, boolean logY, boolean quick,
                         List<Point> points, int seeds, String eta, double radius, int dk, int dv, TrafficData traffic,
                         int[] windows, List<RunGroup> groups, List<SeriesSpec> series, List<String> decisions, Point reference,
                         double[] tuningGrid) {
    /**
     * Checks and copies.
     *
     * @param figure    which figure
     * @param title     plot title
     * @param xLabel    x label
     * @param yLabel    y label
     * @param logX      log x
     * @param logY      log y
     * @param quick     quick variant
     * @param points    the sweep
     * @param seeds     K ≥ 1
     * @param eta       {@code tuned}, {@code theory} or a number
     * @param radius    R
     * @param dk        d_k
     * @param dv        d_v
     * @param traffic   traffic data or null
     * @param windows   windows (0 = T)
     * @param groups    run groups
     * @param series    series
     * @param decisions decisions
     * @param reference  the tuning reference point
     * @param tuningGrid the tuning grid (non-empty, positive, finite)
     */
    public Experiment {
        points = List.copyOf(points);
        windows = windows.clone();
        groups = List.copyOf(groups);
        series = List.copyOf(series);
        decisions = List.copyOf(decisions);
        tuningGrid = tuningGrid.clone();
        if (reference == null) throw new IllegalArgumentException("a reference point is needed");
        if (tuningGrid.length == 0) throw new IllegalArgumentException("the tuning grid is empty");
        for (double g : tuningGrid) if (!(g > 0) || Double.isInfinite(g)) throw new IllegalArgumentException("tuning grid value " + g);
        if (points.isEmpty()) throw new DdamInputException(figure.id() + ": the sweep has no points");
        if (seeds < 1) throw new DdamInputException("the number of seeds must be at least 1, not " + seeds);
        if (windows.length == 0) throw new IllegalArgumentException("at least one window");
        if (figure.usesTraffic() != (traffic != null)) throw new IllegalArgumentException(figure.id() + ": traffic data " + (traffic == null ? "missing" : "not used"));
    }

    /**
     * The windows measured.
     *
     * @return a copy (0 = Ω = T)
     */
    @Override public int[] windows() { return windows.clone(); }

    /**
     * The constant step sizes that {@code tuned} tries.
     *
     * @return a copy, in increasing order
     */
    @Override public double[] tuningGrid() { return tuningGrid.clone(); }

    /**
     * Whether the step sizes are tuned on the held-out seed ({@code eta} = {@code tuned}).
     *
     * @return true for {@code tuned}
     */
    public boolean tuned() { return eta.equals("tuned"); }

    /**
     * The same experiment on other sweep points (e.g. a tiny sweep for tests).
     *
     * @param newPoints the points
     * @return the changed copy
     */
    public Experiment withPoints(List<Point> newPoints) {
        return new Experiment(figure, title, xLabel, yLabel, logX, logY, quick, newPoints, seeds, eta, radius, dk, dv, traffic,
                windows, groups, series, decisions, reference, tuningGrid);
    }

    /**
     * The same experiment with K seeds.
     *
     * @param k the number of seeds
     * @return the changed copy
     */
    public Experiment withSeeds(int k) {
        return new Experiment(figure, title, xLabel, yLabel, logX, logY, quick, points, k, eta, radius, dk, dv, traffic,
                windows, groups, series, decisions, reference, tuningGrid);
    }

    /**
     * The same experiment with another tuning reference point (e.g. a tiny one for tests).
     *
     * @param newReference the point at which {@code tuned} step sizes are chosen
     * @return the changed copy
     */
    public Experiment withReference(Point newReference) {
        return new Experiment(figure, title, xLabel, yLabel, logX, logY, quick, points, seeds, eta, radius, dk, dv, traffic,
                windows, groups, series, decisions, newReference, tuningGrid);
    }

    /**
     * The same experiment with another tuning grid (e.g. a short one for tests).
     *
     * @param grid the constant step sizes to try, increasing
     * @return the changed copy
     */
    public Experiment withTuningGrid(double[] grid) {
        return new Experiment(figure, title, xLabel, yLabel, logX, logY, quick, points, seeds, eta, radius, dk, dv, traffic,
                windows, groups, series, decisions, reference, grid);
    }

    /**
     * The number of tuning runs of this experiment alone: one per (run group, protocol) pair and grid value with
     * {@code tuned} step sizes, none otherwise ({@link FigureRunner} makes a run that two experiments share once).
     *
     * @return the count
     */
    public int tuningTasks() {
        if (!tuned()) return 0;
        int pairs = 0;
        for (RunGroup g : groups) pairs += g.protocols().size();
        return pairs * tuningGrid.length;
    }

    /**
     * The reference point in words, e.g. {@code T = 2500, ρ = 0.75, y0 = 2, y1 = 10} (no ρ for traffic).
     *
     * @return the description
     */
    public String referenceDescription() {
        return "T = " + reference.horizon() + (traffic == null ? ", ρ = " + Experiments.fmt(reference.rho()) : "")
                + ", y0 = " + Experiments.fmt(reference.y0()) + ", y1 = " + Experiments.fmt(reference.y1());
    }

    /**
     * The x values of the sweep.
     *
     * @return one per point
     */
    public double[] xValues() {
        double[] x = new double[points.size()];
        for (int i = 0; i < x.length; i++) x[i] = points.get(i).x();
        return x;
    }

    /**
     * The physical graph (fixed for all seeds).
     *
     * @return {@link PaperNetworks#synthetic20()} or the traffic data's graph
     */
    public Network network() {
        return traffic == null ? PaperNetworks.synthetic20() : traffic.network();
    }

    /**
     * The generator spec of the physical graph.
     *
     * @return e.g. {@code er:n=20,p=0.2,seed=2026}
     */
    public String networkSpec() {
        return traffic == null ? PaperNetworks.SYNTHETIC20_SPEC : traffic.networkSpec();
    }

    /**
     * N.
     *
     * @return the number of agents
     */
    public int agents() {
        return traffic == null ? 20 : traffic.agents();
    }

    /**
     * W at a point for a seed: Dirichlet(y0, y1) of eq. (42) with seed {@link Experiments#W_SEED_OFFSET} + s.
     *
     * @param p    the point
     * @param seed s
     * @return W
     */
    public InterestMatrix interest(Point p, int seed) {
        return InterestGenerators.dirichlet(agents(), p.y0(), p.y1(), Experiments.W_SEED_OFFSET + seed);
    }

    /**
     * The data stream at a point for a seed: synthetic eq. (41) with ρ of the point and seed s, or the traffic data.
     *
     * @param p    the point
     * @param seed s
     * @return a stream of horizon at least T
     */
    public DataStream stream(Point p, int seed) {
        if (traffic != null) return traffic.stream(p.horizon(), seed);
        return new SyntheticStream(agents(), p.horizon(), dk, dv, p.rho(), seed);
    }

    /**
     * Where the data comes from, in one line.
     *
     * @return e.g. "synthetic data (eq. 41), d_k = 4, d_v = 3" or the traffic data's description
     */
    public String dataDescription() {
        return traffic == null ? "synthetic data (eq. 41), d_k = " + dk + ", d_v = " + dv : traffic.describe();
    }

    /**
     * The number of (point, seed) tasks.
     *
     * @return points × seeds
     */
    public int tasks() { return points.size() * seeds; }

    /**
     * The series with this name.
     *
     * @param name a series name
     * @return the series
     * @throws IllegalArgumentException if there is none
     */
    public SeriesSpec seriesNamed(String name) {
        for (SeriesSpec s : series) if (s.name().equals(name)) return s;
        throw new IllegalArgumentException(figure.id() + " has no series '" + name + "'");
    }

    /** A rough cost of one task at point {@code p}, to start the longest tasks first (order never changes results). */
    double cost(int p) {
        Point pt = points.get(p);
        int full = 0;
        for (RunGroup g : groups) full += g.protocols().size();
        double perStep = traffic == null ? 1 : 8;
        for (int w : windows) if (w > 0 && traffic != null) perStep += 8;
        return (double) pt.horizon() * full * perStep;
    }
}
