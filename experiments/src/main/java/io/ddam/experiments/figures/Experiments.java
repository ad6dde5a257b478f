package io.ddam.experiments.figures;

import io.ddam.online.protocol.FairTime;
import io.ddam.solver.tree.Transport;
import io.ddam.solver.DdamInputException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The experiment definitions of the reproduced figures (method.md §4): the paper's sweeps and
 * parameters where the paper gives them, and our documented decisions where it does not. Every decision
 * is listed in {@link Experiment#decisions()} and in {@code docs/reproduce.md}.
 *
 * <p><b>Common to all figures</b>: DeltaNet cost; 𝒳 = Frobenius ball of radius R = {@value #RADIUS}; X_1 = 0;
 * step sizes {@code tuned} (see {@link Tuning}: per series one constant η from a grid, chosen on the held-out
 * seed 0 at the figure's reference point) unless overridden by {@code theory} (Corollary 1 for OGD and local,
 * Theorem 2's 1/(2√T) for C-DOGD, Corollary 2 for DDAM-TOGD, with gradient bounds G_n measured from the
 * data's range) or a number; K seeds s = 1..K, where seed s draws the data (seed s) and W (Dirichlet, seed
 * {@value #W_SEED_OFFSET} + s, so W and the data never share a random sequence); the physical graph is
 * fixed; lines are the mean over seeds, bands span min..max; DDAM-TOGD⋆ runs over shortest-path trees
 * (whose per-pair delays are the optimum of the (E-1) MILP) and DDAM-TOGD (ST) over KMB Steiner trees;
 * wherever DDAM-TOGD is compared with OGD or C-DOGD it is run under the paper's fair-time rule
 * ⌊T/C_max⌋ (solid) and with the rule off (dashed, T iterations).
 *
 * <p><b>Tuning reference points</b> (where {@code tuned} chooses η; the same in {@code --quick}, except that
 * the horizons are the quick ones): Fig. 3 its last point, T = 2500 (ρ = 0.75, y0 = 2, y1 = 10); Fig. 4
 * ρ = 0.75, the paper's ρ elsewhere (y0 = 6, y1 = 10, T = 2500), not a sweep point of the full run; Fig. 5
 * y0 = 2 (ρ = 0.75, y1 = 10, T = 2500); Figs. 7 and 8 their last T (y0 = 10, y1 = 100 and y0 = 0.1,
 * y1 = 100); Fig. 9 y0 = 10 (y1 = 100, its T). Grid: {@link Tuning#GRID}, also with {@code --quick}.
 */
public final class Experiments {
    private Experiments() {}

    /** W at seed s is drawn with seed {@code W_SEED_OFFSET + s}. */
    public static final int W_SEED_OFFSET = 1000;
    /** R, the radius of the Frobenius ball. */
    public static final double RADIUS = 50;
    /** d_k of the synthetic data. */
    public static final int DK = 4;
    /** d_v of the synthetic data. */
    public static final int DV = 3;
    /** Seeds of a full run unless told otherwise. */
    public static final int DEFAULT_SEEDS = 5;
    /** Seeds of a {@code --quick} run unless told otherwise. */
    public static final int QUICK_SEEDS = 2;
    /** The step sizes unless told otherwise: held-out tuning ({@link Tuning}). */
    public static final String DEFAULT_ETA = "tuned";
    /** The suffix of the series run with the fair-time rule off. */
    public static final String OFF = " (fair-time off)";

    /** The synthetic figures' protocols under the paper's rule. */
    private static final List<String> ALL = List.of("ogd", "cdogd", "local", "ddam-star", "ddam-st", "ddam-joint-agg");
    private static final List<String> DDAM = List.of("ddam-star", "ddam-st");

    /**
     * How to build the experiments.
     *
     * @param quick   fewer points (and, by default, seeds): the {@code --quick} variant
     * @param seeds   K, or {@code null} for the default ({@value #DEFAULT_SEEDS}, quick {@value #QUICK_SEEDS})
     * @param eta     {@code tuned} (the default, for {@code null}), {@code theory} or a non-negative number
     * @param traffic the traffic data for Figs. 7–9 ({@code null}: the synthetic stand-in)
     * @param transport the transport of ddam-star and ddam-st under the paper's rule (ddam-joint-agg is always aggregate)
     */
    public record Options(boolean quick, Integer seeds, String eta, TrafficData traffic, Transport transport) {
        /**
         * Checks the options.
         *
         * @param quick   quick variant
         * @param seeds   K or null
         * @param eta     step size: {@code tuned}, {@code theory}, a number, or null for {@code tuned}
         * @param traffic traffic data or null
         * @param transport the transport, null for unicast
         */
        public Options {
            transport = transport == null ? Transport.UNICAST : transport;
            if (seeds != null && (seeds < 1 || seeds > 1000)) throw new DdamInputException("--seeds must be in 1..1000, not " + seeds);
            eta = eta == null ? DEFAULT_ETA : eta.strip();
            if (eta.equalsIgnoreCase("theory")) {
                eta = "theory";
            } else if (eta.equalsIgnoreCase("tuned")) {
                eta = "tuned";
            } else if (eta.equalsIgnoreCase("adagrad") || eta.equalsIgnoreCase("coin") || eta.equalsIgnoreCase("dog")
                    || eta.equalsIgnoreCase("dowg") || eta.equalsIgnoreCase("freegrad") || eta.equalsIgnoreCase("ader")) {
                eta = eta.toLowerCase(java.util.Locale.ROOT);
            } else if (eta.toLowerCase(java.util.Locale.ROOT).startsWith("rls")) {
                eta = eta.toLowerCase(java.util.Locale.ROOT); // the RLS learner; Simulation checks its settings
            } else {
                double v;
                try {
                    v = Double.parseDouble(eta);
                } catch (NumberFormatException e) {
                    throw new DdamInputException("--eta must be tuned, theory, adagrad, coin, dog, dowg, freegrad, ader or a non-negative number, not '" + eta + "'");
                }
                if (!(v >= 0) || Double.isInfinite(v)) throw new DdamInputException("--eta must be tuned, theory, adagrad, coin, dog, dowg, freegrad, ader or a non-negative number, not '" + eta + "'");
            }
        }

        /**
         * Options with the paper's unicast transport.
         *
         * @param quick   quick variant
         * @param seeds   K or null
         * @param eta     step size: {@code tuned}, {@code theory}, a number, or null for {@code tuned}
         * @param traffic traffic data or null
         */
        public Options(boolean quick, Integer seeds, String eta, TrafficData traffic) {
            this(quick, seeds, eta, traffic, Transport.UNICAST);
        }

        /**
         * The number of seeds used.
         *
         * @return K
         */
        public int seedCount() { return seeds != null ? seeds : quick ? QUICK_SEEDS : DEFAULT_SEEDS; }

        /**
         * The traffic data used.
         *
         * @return the given data, or the stand-in
         */
        public TrafficData trafficData() { return traffic != null ? traffic : TrafficData.standIn(); }
    }

    /**
     * The experiment of one figure.
     *
     * @param f the figure
     * @param o the options
     * @return its definition
     */
    public static Experiment of(Figure f, Options o) {
        return switch (f) {
            case FIG3 -> fig3(o);
            case FIG4 -> fig4(o);
            case FIG5 -> fig5(o);
            case FIG7 -> fig7(o);
            case FIG8 -> fig8(o);
            case FIG9 -> fig9(o);
        };
    }

    /**
     * The experiments of several figures, in the given order.
     *
     * @param figures the figures
     * @param o       the options
     * @return one experiment per figure
     */
    public static List<Experiment> of(List<Figure> figures, Options o) {
        List<Experiment> list = new ArrayList<>();
        for (Figure f : figures) list.add(of(f, o));
        return list;
    }

    /**
     * Decisions shared by all figures, one sentence each.
     *
     * @param o the options
     * @return the sentences
     */
    public static List<String> commonDecisions(Options o) {
        return List.of(
                "Cost DeltaNet, ½‖Xk − v‖²; 𝒳 = Frobenius ball of radius R = " + fmt(RADIUS) + "; X_1 = 0.",
                "Step sizes: " + switch (o.eta()) {
                    case "tuned" -> "tuned on held-out data — in each figure every series (each protocol under each fair-time rule) "
                            + "gets one constant η from the grid " + Tuning.describe(Tuning.GRID) + ", the one with the lowest S-Reg/T' on seed "
                            + Tuning.SEED + " (data seed " + Tuning.SEED + ", W seed " + (W_SEED_OFFSET + Tuning.SEED)
                            + ") at the figure's reference point, and keeps it at every point and seed; seed " + Tuning.SEED
                            + " is never an evaluated seed. Ties go to the smaller η. `--eta theory` gives the corollaries' step sizes.";
                    case "theory" -> "theory — Corollary 1 (OGD, local), Theorem 2's 1/(2√T) (C-DOGD), Corollary 2 (DDAM-TOGD), with G_n "
                            + "measured from the data's range; nothing tuned.";
                    case "adagrad" -> "AdaGrad-norm per agent, η_{n,t} = D/√(2Σ_{s≤t}‖g_{n,s}‖²) with D = 2R, on the gradients each agent "
                            + "actually applies (DDAM-TOGD: the delayed ones); no step size, nothing tuned.";
                    case "coin" -> "KT coin betting on the ball (Cutkosky & Orabona's reduction), L_n = Σ_m w_{n,m} G_m from the data's "
                            + "range; no step size, nothing tuned. C-DOGD, which has no coin-betting form, uses AdaGrad-norm.";
                    case "dog" -> "projected DoG per agent (Ivgi, Hinder & Carmon 2023), η_{n,t} = r̄_{n,t}/√(Σ_{s≤t}‖g_{n,s}‖²), "
                            + "r̄ the largest distance from X_1 so far (at least 10⁻⁶), on the gradients each agent actually applies; "
                            + "needs neither R nor G, nothing tuned.";
                    case "dowg" -> "projected DoWG per agent (Khaled, Mishchenko & Jin 2023), η_{n,t} = r̄_{n,t}²/√(Σ_{s≤t} r̄_{n,s}²‖g_{n,s}‖²), "
                            + "r̄ the largest distance from X_1 so far (at least 10⁻⁶), on the gradients each agent actually applies; "
                            + "needs neither R nor G, nothing tuned.";
                    case "freegrad" -> "FreeGrad per agent (Mhammedi & Koolen 2020) with gradients clipped to their running maximum "
                            + "(Cutkosky 2019), on the ball by Cutkosky & Orabona's reduction; needs neither G nor ‖u‖, nothing tuned. "
                            + "C-DOGD mixes the agents' gradient sums with A and plays FreeGrad's point of the mixed sum (distributed dual averaging).";
                    case "ader" -> "improved Ader per agent (Zhang, Lu & Zhou 2018): exponential weights over the paper's grid of "
                            + "constant steps η_i = 2^{i−1}√(7D²/(2G²T)), i = 1..⌈½log₂(1 + 4T/7)⌉ + 1, each expert projected OGD on the "
                            + "surrogate linear loss, G the running maximum of the agent's gradient norms (clipped to it); "
                            + "C-DOGD mixes the experts' points with A; nothing tuned.";
                    default -> "the constant η = " + o.eta() + " for every protocol (overriding the theory step sizes).";
                },
                o.seedCount() + " seeds s = 1.." + o.seedCount() + ": seed s draws the data stream (seed s) and W (Dirichlet, seed "
                        + W_SEED_OFFSET + " + s); the physical graph is fixed. Lines are the mean over seeds, bands span min..max.",
                "Every sweep point is its own run with its own horizon T (theory step sizes depend on T), not a prefix of one long run.",
                "DDAM-TOGD⋆ (ddam-star) runs over shortest-path trees, whose per-pair delays are the optimum of the delay MILP (E-1); "
                        + "DDAM-TOGD (ST) (ddam-st) over KMB Steiner trees; both with the " + o.transport().cliName() + " transport"
                        + (o.transport() == Transport.UNICAST ? " (the paper's eq. 15)" : "") + ". Figs. 3–5 add ddam-joint-agg: "
                        + "DDAM-TOGD over load-aware trees (joint-heuristic at delay slack 0, so the same per-pair delays as ddam-star) "
                        + "with in-network aggregation, under the paper's rule.",
                "Fair time: where DDAM-TOGD is compared with OGD/C-DOGD it is drawn twice — solid under the paper's rule "
                        + "(⌊T/C_max⌋ iterations), dashed with the rule off (T iterations, 'per iteration'). Time averages divide by "
                        + "the iterations each protocol ran.",
                "Figs. 3–5: graph " + PaperNetworks.SYNTHETIC20_SPEC + " (instances/synthetic20.json, our stand-in for the paper's Fig. 2), "
                        + "synthetic data (eq. 41) with d_k = " + DK + ", d_v = " + DV + ".",
                "Figs. 7–9: " + o.trafficData().describe() + "; graph " + o.trafficData().networkSpec()
                        + (o.trafficData().isReal() ? "; horizons are min(paper T, hours available)." : " (instances/er16.json)."));
    }

    private static List<Point> tSweep(int[] ts, double rho, double y0, double y1) {
        List<Point> p = new ArrayList<>();
        for (int t : ts) p.add(new Point(t, t, rho, y0, y1));
        return p;
    }

    private static List<SeriesSpec> regretSeries(List<String> paperRule) {
        List<SeriesSpec> s = new ArrayList<>();
        for (String p : paperRule) s.add(new SeriesSpec(p, p, FairTime.PAPER, Quantity.STATIC_REGRET_AVG, 1, false, true));
        for (String p : DDAM) s.add(new SeriesSpec(p + OFF, p, FairTime.OFF, Quantity.STATIC_REGRET_AVG, 1, true, true));
        return s;
    }

    private static List<RunGroup> groups(List<String> paperRule, Options o) {
        return List.of(new RunGroup(paperRule, FairTime.PAPER, o.transport()), new RunGroup(DDAM, FairTime.OFF));
    }

    private static Experiment fig3(Options o) {
        int[] ts = o.quick() ? new int[] {100, 500, 1000, 2500} : new int[] {100, 250, 500, 750, 1000, 1500, 2000, 2500};
        return new Experiment(Figure.FIG3, "Fig. 3: time-average static regret vs T (ρ = 0.75, y0 = 2, y1 = 10)",
                "T (iterations of OGD and C-DOGD)", "S-Reg(T)/T", false, true, o.quick(), tSweep(ts, 0.75, 2, 10), o.seedCount(),
                o.eta(), RADIUS, DK, DV, null, new int[] {1}, groups(ALL, o), regretSeries(ALL),
                List.of("ρ = 0.75, y0 = 2, y1 = 10 (the paper's); T ∈ " + list(ts) + (o.quick() ? " (quick)" : "") + ".",
                        "y = time-average static regret S-Reg/T' (T' = iterations run), log scale."),
                new Point(ts[ts.length - 1], ts[ts.length - 1], 0.75, 2, 10), Tuning.GRID);
    }

    private static Experiment fig4(Options o) {
        double[] rhos = o.quick() ? new double[] {0, 0.25, 0.5, 0.75, 1} : new double[] {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1};
        List<Point> p = new ArrayList<>();
        for (double r : rhos) p.add(new Point(r, 2500, r, 6, 10));
        return new Experiment(Figure.FIG4, "Fig. 4: time-average static regret at T = 2500 vs ρ (y0 = 6, y1 = 10)",
                "ρ (weight of the common task, eq. 41)", "S-Reg(T)/T", false, true, o.quick(), p, o.seedCount(), o.eta(), RADIUS, DK, DV,
                null, new int[] {1}, groups(ALL, o), regretSeries(ALL),
                List.of("T = 2500, y0 = 6, y1 = 10 (the paper's); ρ ∈ " + list(rhos) + (o.quick() ? " (quick)" : "") + ".",
                        "y = time-average static regret, log scale."),
                new Point(0.75, 2500, 0.75, 6, 10), Tuning.GRID);
    }

    private static Experiment fig5(Options o) {
        double[] y0s = o.quick() ? new double[] {0.1, 1, 4, 10} : new double[] {0.1, 0.5, 1, 2, 4, 6, 8, 10};
        List<Point> p = new ArrayList<>();
        for (double y : y0s) p.add(new Point(y, 2500, 0.75, y, 10));
        return new Experiment(Figure.FIG5, "Fig. 5: time-average static regret at T = 2500 vs y0 (ρ = 0.75, y1 = 10)",
                "y0 (Dirichlet weight of the other agents, eq. 42)", "S-Reg(T)/T", true, true, o.quick(), p, o.seedCount(), o.eta(),
                RADIUS, DK, DV, null, new int[] {1}, groups(ALL, o), regretSeries(ALL),
                List.of("T = 2500, ρ = 0.75, y1 = 10 (the paper's); y0 ∈ " + list(y0s) + (o.quick() ? " (quick)" : "") + ".",
                        "y = time-average static regret, log scale; x log scale (our choice: the y0 values span two decades)."),
                new Point(2, 2500, 0.75, 2, 10), Tuning.GRID);
    }

    private static Experiment fig7(Options o) {
        TrafficData d = o.trafficData();
        int[] paper = o.quick() ? new int[] {150, 300, 600} : new int[] {100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200};
        int[] ts = capped(paper, d.availableHours());
        List<SeriesSpec> s = new ArrayList<>();
        for (int w : new int[] {1, 168}) {
            s.add(new SeriesSpec("Ω=" + w + ": D-Reg/T", "ddam-star", FairTime.OFF, Quantity.DYNAMIC_REGRET_AVG, w, false, true));
            s.add(new SeriesSpec("Ω=" + w + ": (1+PL)/√T", "ddam-star", FairTime.OFF, Quantity.SCALED_PATH_LENGTH, w, true, true));
        }
        return new Experiment(Figure.FIG7, "Fig. 7: DDAM-TOGD⋆ dynamic regret and scaled path length vs T (y0 = 10, y1 = 100)",
                "T (hours)", "D-Reg(T)/T  and  (1 + PL)/√T", false, true, o.quick(), tSweep(ts, 0, 10, 100), o.seedCount(), o.eta(),
                RADIUS, DK, DV, d, new int[] {1, 168}, List.of(new RunGroup(List.of("ddam-star"), FairTime.OFF)), s,
                List.of("y0 = 10, y1 = 100 (the paper's); T ∈ " + list(ts) + horizonNote(paper, ts, o) + ".",
                        "DDAM-TOGD⋆ only, with the fair-time rule off: this figure is about DDAM-TOGD against its own comparators' "
                                + "path length, not a comparison with other protocols.",
                        "Windows Ω = 1 and Ω = 168 (one week of hours) measured in the same run; PL = Σ_n PL_n. Theorem 3 with η ∝ 1/√T "
                                + "gives D-Reg/T ∝ (1 + PL)/√T, which is why the two are drawn together (log scale)"
                                + (o.eta().equals("theory") ? "." : "; with one constant η for every T (as here) eq. (16) instead bounds "
                                + "D-Reg/T by a term ∝ η plus terms ∝ (1 + PL)/(ηT).")),
                new Point(ts[ts.length - 1], ts[ts.length - 1], 0, 10, 100), Tuning.GRID);
    }

    private static Experiment fig8(Options o) {
        TrafficData d = o.trafficData();
        int[] paper = o.quick() ? new int[] {150, 300, 600} : new int[] {150, 300, 600, 900, 1200};
        int[] ts = capped(paper, d.availableHours());
        List<String> proto = List.of("ogd", "cdogd", "ddam-star", "ddam-st");
        List<SeriesSpec> s = new ArrayList<>(regretSeries(proto));
        for (SeriesSpec r : List.copyOf(s)) {
            s.add(new SeriesSpec(r.name() + " D-Reg/T (Ω=1)", r.protocol(), r.fairTime(), Quantity.DYNAMIC_REGRET_AVG, 1, r.dashed(), false));
        }
        return new Experiment(Figure.FIG8, "Fig. 8: time-average static regret (Ω = T) vs T (y0 = 0.1, y1 = 100)",
                "T (hours)", "S-Reg(T)/T", false, false, o.quick(), tSweep(ts, 0, 0.1, 100), o.seedCount(), o.eta(), RADIUS, DK, DV, d,
                new int[] {1}, groups(proto, o), s,
                List.of("y0 = 0.1, y1 = 100 (the paper's); T ∈ " + list(ts) + horizonNote(paper, ts, o)
                                + " (fewer points than the paper: each traffic point is costly).",
                        "The PNG shows the time-average static regret (Ω = T) on a log axis when every plotted value is positive, "
                                + "else on a linear one (it can be negative); "
                                + "the CSV also carries the time-average dynamic regret for Ω = 1."),
                new Point(ts[ts.length - 1], ts[ts.length - 1], 0, 0.1, 100), Tuning.GRID);
    }

    private static Experiment fig9(Options o) {
        TrafficData d = o.trafficData();
        double[] y0s = o.quick() ? new double[] {0.1, 1, 10, 100} : new double[] {0.1, 0.3, 1, 3, 10, 30, 100};
        int paperT = o.quick() ? 600 : 1200;
        int t = Math.min(paperT, d.availableHours());
        List<Point> p = new ArrayList<>();
        for (double y : y0s) p.add(new Point(y, t, 0, y, 100));
        List<SeriesSpec> s = new ArrayList<>();
        for (String proto : List.of("ddam-star", "ogd")) {
            s.add(new SeriesSpec(proto + " Self-NMSE", proto, FairTime.OFF, Quantity.SELF_NMSE, 0, false, true));
            s.add(new SeriesSpec(proto + " Cross-NMSE", proto, FairTime.OFF, Quantity.CROSS_NMSE, 0, true, true));
        }
        String tNote = t < paperT ? " (the data has only " + d.availableHours() + " hours)" : o.quick() ? " (quick; the paper's is 1200)" : "";
        return new Experiment(Figure.FIG9, "Fig. 9: Self- and Cross-NMSE vs y0 (y1 = 100, T = " + t + ")",
                "y0 (Dirichlet weight of the other agents, eq. 42)", "NMSE", true, true, o.quick(), p, o.seedCount(), o.eta(), RADIUS, DK, DV,
                d, new int[] {0}, List.of(new RunGroup(List.of("ogd", "ddam-star"), FairTime.OFF)), s,
                List.of("y1 = 100 (the paper's); y0 ∈ " + list(y0s) + "; T = " + t + tNote + ".",
                        "Self-NMSE (solid) and Cross-NMSE (dashed) of DDAM-TOGD⋆ and, for reference, of OGD; both with the fair-time "
                                + "rule off (T iterations each); log x, log y (the NMSEs span decades; above 1 a learner does worse than X = 0, "
                                + "i.e. it diverged)."),
                new Point(10, t, 0, 10, 100), Tuning.GRID);
    }

    /**
     * The horizons of a T sweep under a cap of available hours: min(T, cap), duplicates dropped; if that leaves
     * fewer than 3 points, {cap/4, cap/2, 3cap/4, cap} instead (rounded, at least 1, duplicates dropped).
     *
     * @param paper the horizons wanted
     * @param cap   the hours available
     * @return the horizons used, increasing
     */
    static int[] capped(int[] paper, int cap) {
        Set<Integer> s = new LinkedHashSet<>();
        for (int t : paper) s.add(Math.min(t, cap));
        if (s.size() < Math.min(3, paper.length)) {
            s.clear();
            for (int q = 1; q <= 4; q++) s.add(Math.max(1, (int) Math.round(cap * q / 4.0)));
        }
        return s.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static String horizonNote(int[] paper, int[] used, Options o) {
        if (java.util.Arrays.equals(paper, used)) return o.quick() ? " (quick)" : "";
        return " (the data has only " + o.trafficData().availableHours() + " hours: horizons capped, paper's T ∈ " + list(paper) + ")";
    }

    private static String list(int[] a) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < a.length; i++) sb.append(i == 0 ? "" : ", ").append(a[i]);
        return sb.append('}').toString();
    }

    private static String list(double[] a) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < a.length; i++) sb.append(i == 0 ? "" : ", ").append(fmt(a[i]));
        return sb.append('}').toString();
    }

    /**
     * A number as people write it: no trailing zeros ({@code 0.1}, {@code 2}, {@code 2500}).
     *
     * @param v the number
     * @return the text
     */
    public static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%s", v);
    }
}
