package io.ddam.experiments.figures;

import io.ddam.online.protocol.FairTime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Judges whether a run shows the paper's findings (method.md §4). Each finding gets a {@link Verdict} by
 * a fixed, stated criterion on the mean curves over seeds, and an evidence sentence with the numbers.
 * Where the fair-time rule matters (findings about DDAM-TOGD next to OGD or C-DOGD) each reading is
 * judged separately. The thresholds are ours (the paper states its findings in words):
 * <ul>
 *   <li><b>keeps falling</b> (Fig. 3): the last value is below the first and the curve still falls by
 *       at least 10% from the reference point (the largest T ≤ T_last/2) to T_last; ends lower but falls
 *       less: partly. A 1/√T decay falls by 29% over a doubling.</li>
 *   <li><b>plateaus</b> (Fig. 3, C-DOGD): it first falls (its minimum is at least 10% below its first value)
 *       and then changes by less than 10% from the reference point to T_last (partly: less than 20%).</li>
 *   <li><b>similar</b> (Fig. 4, largest ρ): the largest of the compared values is at most 2× the smallest (partly: 5×).</li>
 *   <li><b>grows fast</b> (Fig. 4, C-DOGD as ρ falls): value at the smallest ρ ≥ 3× that at the largest (partly: 1.5×).</li>
 *   <li><b>stays low</b> (Fig. 4, DDAM-TOGD): at the smallest ρ it is at most half of C-DOGD's and at most 2× its own
 *       value at the largest ρ (partly: one of the two).</li>
 *   <li><b>large at small y0</b> (Fig. 5, C-DOGD): at the smallest y0 at least 2× its value at the largest y0 and at
 *       least 2× OGD's (partly: growth ≥ 1.25× or 2× OGD's).</li>
 *   <li><b>barely affected</b> (Fig. 5): max/min over y0 at most 1.5 (partly: 3).</li>
 *   <li><b>⋆ below ST</b> (Figs. 3–5): ⋆'s delay sum Σ_n τ_{n,sum} is never above ST's, and ⋆'s regret is lower
 *       at ≥ 80% of the points (partly: ≥ 50%).</li>
 *   <li><b>tracks</b> (Fig. 7): the correlation of log D-Reg/T with log (1+PL)/√T over T is ≥ 0.8 (partly: ≥ 0.3).</li>
 *   <li><b>grows more slowly</b> (Fig. 7): at the largest T, D-Reg for Ω = 168 is at most half that for Ω = 1 and
 *       its growth factor over the sweep is at most 0.8× that for Ω = 1 (partly: one of the two).</li>
 *   <li><b>close to OGD</b> (Fig. 8): at the largest T the time-average regret exceeds OGD's by at most 10% of OGD's
 *       loss per step (partly: more, but still below C-DOGD's).</li>
 *   <li><b>far worse</b> (Fig. 8, C-DOGD): its excess over OGD is ≥ 25% of OGD's loss per step and it is above
 *       DDAM-TOGD⋆ under both readings (partly: one of the two).</li>
 *   <li><b>can be negative</b> (Fig. 8): some mean static regret is negative (partly: only some single seed's).</li>
 *   <li><b>falls</b> (Fig. 9, Cross-NMSE): the value at the largest y0 is ≤ 0.8× that at the smallest and at least 2/3
 *       of the steps fall (partly: it ends lower).</li>
 *   <li><b>dips then rises sharply</b> (Fig. 9, Self-NMSE): the minimum is inside the sweep and the last value is
 *       ≥ 1.5× the minimum (partly: a dip with a smaller rise, or a sharp rise without a dip). An NMSE above 1 is worse
 *       than X = 0, where every learner starts: the run diverged with its step size. Both Fig. 9 findings then say so,
 *       and a rise that ends above 1 is at most partly, since divergence is not the paper's effect.</li>
 * </ul>
 */
public final class Findings {
    private Findings() {}

    private static final String STAR = "ddam-star", ST = "ddam-st", OFF = Experiments.OFF;

    /**
     * The findings for a set of results: those of each figure present, plus the ⋆-versus-ST finding over
     * whichever of Figs. 3–5 are present.
     *
     * @param results the results
     * @return the findings, figure by figure
     */
    public static List<Finding> evaluate(List<FigureResult> results) {
        List<Finding> all = new ArrayList<>();
        List<FigureResult> synthetic = new ArrayList<>();
        for (FigureResult r : results) {
            switch (r.experiment().figure()) {
                case FIG3 -> all.addAll(fig3(r));
                case FIG4 -> all.addAll(fig4(r));
                case FIG5 -> all.addAll(fig5(r));
                case FIG7 -> all.addAll(fig7(r));
                case FIG8 -> all.addAll(fig8(r));
                case FIG9 -> all.addAll(fig9(r));
            }
            if (!r.experiment().figure().usesTraffic()) synthetic.add(r);
        }
        if (!synthetic.isEmpty()) all.addAll(starVersusSteiner(synthetic));
        return all;
    }

    // ---------------------------------------------------------------- Fig. 3

    /**
     * Fig. 3: OGD and DDAM-TOGD keep falling; C-DOGD falls, then plateaus.
     *
     * @param r the result of Fig. 3
     * @return the findings
     */
    public static List<Finding> fig3(FigureResult r) {
        double[] x = r.experiment().xValues();
        List<Finding> f = new ArrayList<>();
        f.add(new Finding("fig3", "OGD's time-average static regret keeps falling (sublinear regret)",
                keepsFalling(x, r.mean("ogd")).verdict, "OGD: " + keepsFalling(x, r.mean("ogd")).text));
        for (boolean off : new boolean[] {false, true}) {
            Fall star = keepsFalling(x, r.mean(STAR + (off ? OFF : "")));
            Fall st = keepsFalling(x, r.mean(ST + (off ? OFF : "")));
            Verdict v = star.verdict == st.verdict ? star.verdict : Verdict.PARTLY;
            f.add(new Finding("fig3", "DDAM-TOGD's time-average static regret keeps falling " + reading(off),
                    v, "DDAM-TOGD⋆: " + star.text + " DDAM-TOGD (ST): " + st.text + fairNote(r, off, r.experiment().points().size() - 1)));
        }
        f.add(plateau(r, x));
        return f;
    }

    private record Fall(Verdict verdict, String text) {}

    /** Index of the reference point for the late change: the largest x ≤ x_last/2, else the one before last. */
    private static int reference(double[] x) {
        int last = x.length - 1;
        int ref = -1;
        for (int i = 0; i < last; i++) if (x[i] <= x[last] / 2) ref = i;
        return ref >= 0 ? ref : Math.max(0, last - 1);
    }

    private static Fall keepsFalling(double[] x, double[] y) {
        int last = y.length - 1, ref = reference(x);
        double late = change(y[ref], y[last]);
        boolean lower = y[last] < y[0];
        Verdict v = !lower ? Verdict.NOT_SHOWN : late <= -0.10 ? Verdict.SHOWN : Verdict.PARTLY;
        String text = String.format(Locale.ROOT, "S-Reg/T goes from %s at T=%s to %s at T=%s; from T=%s to T=%s it changes by %s "
                        + "(a 1/√T decay: %s).", g(y[0]), Experiments.fmt(x[0]), g(y[last]), Experiments.fmt(x[last]),
                Experiments.fmt(x[ref]), Experiments.fmt(x[last]), pct(late), pct(Math.sqrt(x[ref] / x[last]) - 1));
        return new Fall(v, text);
    }

    private static Finding plateau(FigureResult r, double[] x) {
        double[] c = r.mean("cdogd"), o = r.mean("ogd");
        int last = c.length - 1, ref = reference(x);
        double min = Double.POSITIVE_INFINITY;
        int argMin = 0;
        for (int i = 0; i < c.length; i++) if (c[i] < min) { min = c[i]; argMin = i; }
        boolean fell = min <= 0.9 * c[0];
        double late = change(c[ref], c[last]);
        Verdict v = !fell ? Verdict.NOT_SHOWN : Math.abs(late) < 0.10 || late > 0 ? Verdict.SHOWN
                : late > -0.20 ? Verdict.PARTLY : Verdict.NOT_SHOWN;
        int from = last;
        while (from > 0 && Math.abs(change(c[last], c[from - 1])) <= 0.10) from--;
        String text = String.format(Locale.ROOT, "C-DOGD's S-Reg/T at T=%s is %s, %s× OGD's %s; it goes from %s at T=%s to its minimum %s "
                        + "at T=%s, changes by %s from T=%s to T=%s (OGD: %s), and stays within 10%% of its final value from T≈%s on.",
                Experiments.fmt(x[last]), g(c[last]), ratio(c[last], o[last]), g(o[last]), g(c[0]), Experiments.fmt(x[0]), g(min),
                Experiments.fmt(x[argMin]), pct(late), Experiments.fmt(x[ref]), Experiments.fmt(x[last]), pct(change(o[ref], o[last])),
                Experiments.fmt(x[from]));
        return new Finding("fig3", "C-DOGD's time-average static regret falls, then plateaus", v, text);
    }

    // ---------------------------------------------------------------- Fig. 4

    /**
     * Fig. 4: similar at large ρ; as ρ falls C-DOGD grows fast while DDAM-TOGD stays low.
     *
     * @param r the result of Fig. 4
     * @return the findings
     */
    public static List<Finding> fig4(FigureResult r) {
        double[] x = r.experiment().xValues();
        int hi = argMax(x), lo = argMin(x);
        String atHi = "ρ=" + Experiments.fmt(x[hi]), atLo = "ρ=" + Experiments.fmt(x[lo]);
        double[] o = r.mean("ogd"), c = r.mean("cdogd");
        List<Finding> f = new ArrayList<>();
        for (boolean off : new boolean[] {false, true}) {
            double[] d = r.mean(STAR + (off ? OFF : ""));
            double big = Math.max(o[hi], Math.max(c[hi], d[hi])), small = Math.min(o[hi], Math.min(c[hi], d[hi]));
            double spread = small > 0 ? big / small : Double.POSITIVE_INFINITY;
            Verdict v = spread <= 2 ? Verdict.SHOWN : spread <= 5 ? Verdict.PARTLY : Verdict.NOT_SHOWN;
            f.add(new Finding("fig4", "OGD, C-DOGD and DDAM-TOGD are similar at large ρ " + reading(off), v,
                    String.format(Locale.ROOT, "At %s: OGD %s, C-DOGD %s, DDAM-TOGD⋆ %s; largest/smallest = %s (similar: ≤ 2, partly ≤ 5).%s",
                            atHi, g(o[hi]), g(c[hi]), g(d[hi]), g(spread), fairNote(r, off, hi))));
        }
        double grow = c[lo] / c[hi];
        Verdict vg = grow >= 3 ? Verdict.SHOWN : grow >= 1.5 ? Verdict.PARTLY : Verdict.NOT_SHOWN;
        f.add(new Finding("fig4", "As ρ falls, C-DOGD's regret grows fast", vg,
                String.format(Locale.ROOT, "C-DOGD: %s at %s, %s at %s (%s×; OGD %s → %s, %s×) (fast: ≥ 3×, partly ≥ 1.5×).",
                        g(c[hi]), atHi, g(c[lo]), atLo, g(grow), g(o[hi]), g(o[lo]), g(o[lo] / o[hi]))));
        for (boolean off : new boolean[] {false, true}) {
            double[] d = r.mean(STAR + (off ? OFF : ""));
            double dg = d[lo] / d[hi];
            boolean belowHalf = d[lo] <= 0.5 * c[lo], flat = dg <= 2;
            Verdict v = belowHalf && flat ? Verdict.SHOWN : belowHalf || flat ? Verdict.PARTLY : Verdict.NOT_SHOWN;
            f.add(new Finding("fig4", "As ρ falls, DDAM-TOGD's regret stays low " + reading(off), v,
                    String.format(Locale.ROOT, "DDAM-TOGD⋆: %s at %s, %s at %s (%s×); at %s it is %s× C-DOGD's %s "
                                    + "(low: ≤ 0.5× C-DOGD's and ≤ 2× its own at %s).%s",
                            g(d[hi]), atHi, g(d[lo]), atLo, g(dg), atLo, ratio(d[lo], c[lo]), g(c[lo]), atHi, fairNote(r, off, lo))));
        }
        return f;
    }

    // ---------------------------------------------------------------- Fig. 5

    /**
     * Fig. 5: small y0 gives C-DOGD a large regret; OGD and DDAM-TOGD barely affected.
     *
     * @param r the result of Fig. 5
     * @return the findings
     */
    public static List<Finding> fig5(FigureResult r) {
        double[] x = r.experiment().xValues();
        int hi = argMax(x), lo = argMin(x);
        String atHi = "y0=" + Experiments.fmt(x[hi]), atLo = "y0=" + Experiments.fmt(x[lo]);
        double[] o = r.mean("ogd"), c = r.mean("cdogd");
        List<Finding> f = new ArrayList<>();
        double grow = c[lo] / c[hi], vsOgd = c[lo] / o[lo];
        Verdict vc = grow >= 2 && vsOgd >= 2 ? Verdict.SHOWN : grow >= 1.25 || vsOgd >= 2 ? Verdict.PARTLY : Verdict.NOT_SHOWN;
        f.add(new Finding("fig5", "Small y0 gives C-DOGD a large regret", vc,
                String.format(Locale.ROOT, "C-DOGD: %s at %s vs %s at %s (%s×), and %s× OGD's %s at %s "
                                + "(shown: both ≥ 2×; partly: growth ≥ 1.25× or ≥ 2× OGD's).",
                        g(c[lo]), atLo, g(c[hi]), atHi, g(grow), g(vsOgd), g(o[lo]), atLo)));
        f.add(barely(r, "ogd", "OGD", "OGD's regret is barely affected by y0", x, c));
        f.add(barely(r, STAR, "DDAM-TOGD⋆", "DDAM-TOGD's regret is barely affected by y0 " + reading(false), x, c));
        f.add(barely(r, STAR + OFF, "DDAM-TOGD⋆", "DDAM-TOGD's regret is barely affected by y0 " + reading(true), x, c));
        return f;
    }

    private static Finding barely(FigureResult r, String series, String who, String claim, double[] x, double[] cdogd) {
        double[] y = r.mean(series);
        double v = variation(y), vc = variation(cdogd);
        Verdict verdict = v <= 1.5 ? Verdict.SHOWN : v <= 3 ? Verdict.PARTLY : Verdict.NOT_SHOWN;
        int lo = argMin(y), hi = argMax(y);
        boolean off = series.endsWith(OFF);
        String note = series.startsWith("ddam") ? fairNote(r, off, 0) : "";
        return new Finding("fig5", claim, verdict, String.format(Locale.ROOT,
                "%s: from %s (y0=%s) to %s (y0=%s) over the sweep, max/min = %s (C-DOGD: %s) (barely: ≤ 1.5, partly ≤ 3).%s",
                who, g(y[lo]), Experiments.fmt(x[lo]), g(y[hi]), Experiments.fmt(x[hi]), g(v), g(vc), note));
    }

    // ---------------------------------------------------------------- ⋆ vs ST

    /**
     * Figs. 3–5: the ⋆ trees give lower delay sums and lower regret than the Steiner (ST) trees.
     *
     * @param results the results of any of Figs. 3, 4, 5
     * @return one finding per fair-time reading
     */
    public static List<Finding> starVersusSteiner(List<FigureResult> results) {
        List<Finding> f = new ArrayList<>();
        StringBuilder figs = new StringBuilder();
        int points = 0, delayNotAbove = 0, delayBelow = 0;
        double tauStar = 0, tauSt = 0, cStar = 0, cSt = 0;
        boolean haveDelays = true;
        for (FigureResult r : results) {
            figs.append(figs.length() == 0 ? "" : ", ").append(r.experiment().figure().id());
            for (int p = 0; p < r.experiment().points().size(); p++) {
                double a = r.meanOf(p, STAR, FairTime.OFF, RunRecord::tauSum), b = r.meanOf(p, ST, FairTime.OFF, RunRecord::tauSum);
                if (Double.isNaN(a) || Double.isNaN(b)) {
                    haveDelays = false;
                    continue;
                }
                points++;
                tauStar += a;
                tauSt += b;
                cStar += r.meanOf(p, STAR, FairTime.OFF, RunRecord::cMax);
                cSt += r.meanOf(p, ST, FairTime.OFF, RunRecord::cMax);
                if (a <= b) delayNotAbove++;
                if (a < b) delayBelow++;
            }
        }
        boolean delayLower = haveDelays && points > 0 && delayNotAbove == points && delayBelow > 0;
        String delays = haveDelays && points > 0
                ? String.format(Locale.ROOT, "Delay sums Σ_n τ_{n,sum}: ⋆ %s vs ST %s (mean over points and seeds), ⋆ ≤ ST at %d of %d points, "
                        + "strictly lower at %d; C_max ⋆ %s vs ST %s.", g(tauStar / points), g(tauSt / points), delayNotAbove, points,
                        delayBelow, g(cStar / points), g(cSt / points))
                : "Delay sums not available (no runs recorded).";
        for (boolean off : new boolean[] {false, true}) {
            int lower = 0, total = 0;
            double logRatio = 0;
            for (FigureResult r : results) {
                double[] a = r.mean(STAR + (off ? OFF : "")), b = r.mean(ST + (off ? OFF : ""));
                for (int p = 0; p < a.length; p++) {
                    total++;
                    if (a[p] < b[p]) lower++;
                    if (a[p] > 0 && b[p] > 0) logRatio += Math.log(a[p] / b[p]);
                }
            }
            double frac = total == 0 ? 0 : lower / (double) total;
            boolean delayOk = delayLower || !haveDelays;
            Verdict v = !delayOk ? Verdict.NOT_SHOWN : frac >= 0.8 ? Verdict.SHOWN : frac >= 0.5 ? Verdict.PARTLY : Verdict.NOT_SHOWN;
            if (!haveDelays && v == Verdict.SHOWN) v = Verdict.PARTLY;
            f.add(new Finding("fig3-5", "DDAM-TOGD⋆ trees give lower delay sums and lower regret than DDAM-TOGD (ST) " + reading(off), v,
                    delays + String.format(Locale.ROOT, " Time-average regret lower with ⋆ at %d of %d points of %s (geometric-mean ratio ⋆/ST %s) "
                            + "(shown: delay never higher and regret lower at ≥ 80%% of points; partly ≥ 50%%).", lower, total, figs,
                            g(total == 0 ? Double.NaN : Math.exp(logRatio / total)))));
        }
        return f;
    }

    // ---------------------------------------------------------------- Fig. 7

    /**
     * Fig. 7: the dynamic regret tracks the path length; with Ω = 168 it grows much more slowly.
     *
     * @param r the result of Fig. 7
     * @return the findings
     */
    public static List<Finding> fig7(FigureResult r) {
        double[] x = r.experiment().xValues();
        int last = x.length - 1;
        List<Finding> f = new ArrayList<>();
        for (int w : new int[] {1, 168}) {
            double[] d = r.mean("Ω=" + w + ": D-Reg/T"), pl = r.mean("Ω=" + w + ": (1+PL)/√T");
            double corr = logCorrelation(d, pl);
            Verdict v = corr >= 0.8 ? Verdict.SHOWN : corr >= 0.3 ? Verdict.PARTLY : Verdict.NOT_SHOWN;
            f.add(new Finding("fig7", "DDAM-TOGD⋆'s dynamic regret tracks the path length (Ω = " + w + ", fair-time off)", v,
                    String.format(Locale.ROOT, "Ω=%d: D-Reg/T goes %s → %s and (1+PL)/√T goes %s → %s from T=%s to T=%s; "
                                    + "correlation of their logarithms over T = %s (tracks: ≥ 0.8, partly ≥ 0.3).",
                            w, g(d[0]), g(d[last]), g(pl[0]), g(pl[last]), Experiments.fmt(x[0]), Experiments.fmt(x[last]), g(corr))));
        }
        double[] d1 = r.mean("Ω=1: D-Reg/T"), d168 = r.mean("Ω=168: D-Reg/T");
        double total1 = d1[last] * x[last], total168 = d168[last] * x[last];
        double grow1 = (d1[last] * x[last]) / (d1[0] * x[0]), grow168 = (d168[last] * x[last]) / (d168[0] * x[0]);
        boolean half = total168 <= 0.5 * total1, slower = grow168 <= 0.8 * grow1;
        Verdict v = half && slower ? Verdict.SHOWN : half || slower ? Verdict.PARTLY : Verdict.NOT_SHOWN;
        f.add(new Finding("fig7", "With Ω = 168 the dynamic regret grows much more slowly than with Ω = 1", v,
                String.format(Locale.ROOT, "At T=%s, D-Reg is %s for Ω=168 vs %s for Ω=1 (%s×); from T=%s it grew %s× (Ω=168) vs %s× (Ω=1) "
                                + "(shown: ≤ 0.5× and a growth factor ≤ 0.8× Ω=1's; partly: one of the two).",
                        Experiments.fmt(x[last]), g(total168), g(total1), g(total168 / total1), Experiments.fmt(x[0]), g(grow168), g(grow1))));
        return f;
    }

    // ---------------------------------------------------------------- Fig. 8

    /**
     * Fig. 8: DDAM-TOGD close to OGD; C-DOGD far worse; the static regret can be negative.
     *
     * @param r the result of Fig. 8
     * @return the findings
     */
    public static List<Finding> fig8(FigureResult r) {
        double[] x = r.experiment().xValues();
        int last = x.length - 1;
        String at = "T=" + Experiments.fmt(x[last]);
        double o = r.mean("ogd")[last], c = r.mean("cdogd")[last];
        double loss = r.meanOf(last, "ogd", FairTime.PAPER, RunRecord::lossAvg);
        boolean lossKnown = !Double.isNaN(loss);
        double scale = lossKnown ? loss : Math.abs(o);
        String scaleName = lossKnown ? "OGD's loss per step" : "|OGD's regret|";
        List<Finding> f = new ArrayList<>();
        double[] star = new double[2];
        for (int k = 0; k < 2; k++) {
            boolean off = k == 1;
            double d = r.mean(STAR + (off ? OFF : ""))[last], dst = r.mean(ST + (off ? OFF : ""))[last];
            star[k] = d;
            double e = (d - o) / scale;
            Verdict v = e <= 0.10 ? Verdict.SHOWN : d < c ? Verdict.PARTLY : Verdict.NOT_SHOWN;
            f.add(new Finding("fig8", "DDAM-TOGD is close to OGD " + reading(off), v,
                    String.format(Locale.ROOT, "At %s: S-Reg/T of DDAM-TOGD⋆ %s (ST %s), OGD %s, C-DOGD %s; ⋆'s excess over OGD is %s of %s (%s) "
                                    + "(close: ≤ 10%%; partly: below C-DOGD).%s",
                            at, g(d), g(dst), g(o), g(c), pct(e), scaleName, g(scale), fairNote(r, off, last))));
        }
        double ec = (c - o) / scale;
        boolean big = ec >= 0.25, aboveDdam = c > star[0] && c > star[1];
        Verdict vc = big && aboveDdam ? Verdict.SHOWN : big || aboveDdam ? Verdict.PARTLY : Verdict.NOT_SHOWN;
        f.add(new Finding("fig8", "C-DOGD is far worse", vc,
                String.format(Locale.ROOT, "At %s: C-DOGD's S-Reg/T is %s against OGD's %s, a difference of %s of %s; DDAM-TOGD⋆ %s (paper rule), %s (fair-time off) "
                                + "(far worse: ≥ 25%% and above DDAM-TOGD⋆ under both readings; partly: one of the two).",
                        at, g(c), g(o), pct(ec), scaleName, g(star[0]), g(star[1]))));
        String negSeries = null, seedSeries = null;
        double negValue = Double.POSITIVE_INFINITY, seedValue = Double.POSITIVE_INFINITY, lowest = Double.POSITIVE_INFINITY;
        int negPoint = -1, seedPoint = -1;
        String lowestSeries = null;
        int lowestPoint = -1;
        for (SeriesSpec s : r.experiment().series()) {
            if (s.quantity() != Quantity.STATIC_REGRET_AVG || !r.has(s.name())) continue;
            Aggregate a = r.aggregate(s.name());
            for (int p = 0; p < x.length; p++) {
                if (a.mean()[p] < negValue && a.mean()[p] < 0) { negValue = a.mean()[p]; negSeries = s.name(); negPoint = p; }
                if (a.min()[p] < seedValue && a.min()[p] < 0) { seedValue = a.min()[p]; seedSeries = s.name(); seedPoint = p; }
                if (a.mean()[p] < lowest) { lowest = a.mean()[p]; lowestSeries = s.name(); lowestPoint = p; }
            }
        }
        Verdict vn;
        String text;
        if (negSeries != null) {
            vn = Verdict.SHOWN;
            text = String.format(Locale.ROOT, "Mean S-Reg/T of %s is %s at T=%s.", negSeries, g(negValue), Experiments.fmt(x[negPoint]));
        } else if (seedSeries != null) {
            vn = Verdict.PARTLY;
            text = String.format(Locale.ROOT, "No mean is negative, but one seed of %s has S-Reg/T = %s at T=%s.", seedSeries, g(seedValue),
                    Experiments.fmt(x[seedPoint]));
        } else {
            vn = Verdict.NOT_SHOWN;
            text = String.format(Locale.ROOT, "Every static regret is positive; the lowest mean S-Reg/T is %s (%s at T=%s).", g(lowest),
                    lowestSeries, lowestPoint < 0 ? "-" : Experiments.fmt(x[lowestPoint]));
        }
        f.add(new Finding("fig8", "The static regret (Ω = T) can be negative", vn, text));
        return f;
    }

    // ---------------------------------------------------------------- Fig. 9

    /**
     * Fig. 9: Cross-NMSE falls as y0 grows; Self-NMSE dips, then rises sharply (DDAM-TOGD⋆, fair-time off).
     *
     * @param r the result of Fig. 9
     * @return the findings
     */
    public static List<Finding> fig9(FigureResult r) {
        double[] x = r.experiment().xValues();
        int last = x.length - 1;
        double[] cross = r.mean(STAR + " Cross-NMSE"), self = r.mean(STAR + " Self-NMSE");
        double[] oc = r.mean("ogd Cross-NMSE"), os = r.mean("ogd Self-NMSE");
        List<Finding> f = new ArrayList<>();
        int falls = 0;
        for (int i = 1; i < cross.length; i++) if (cross[i] < cross[i - 1]) falls++;
        double rel = cross[last] / cross[0];
        Verdict vc = rel <= 0.8 && falls * 3 >= 2 * last ? Verdict.SHOWN : cross[last] < cross[0] ? Verdict.PARTLY : Verdict.NOT_SHOWN;
        f.add(new Finding("fig9", "Cross-NMSE falls as y0 grows (DDAM-TOGD⋆, fair-time off)", vc,
                String.format(Locale.ROOT, "DDAM-TOGD⋆ Cross-NMSE: %s at y0=%s → %s at y0=%s (%s×), falling at %d of %d steps; OGD %s → %s "
                                + "(falls: ≤ 0.8× and ≥ 2/3 of the steps; partly: ends lower).",
                        g(cross[0]), Experiments.fmt(x[0]), g(cross[last]), Experiments.fmt(x[last]), g(rel), falls, last, g(oc[0]), g(oc[last]))
                        + diverged(x, self, cross, false)));
        int m = argMin(self);
        boolean dip = m > 0 && m < last && self[0] > self[m];
        double rise = self[last] / self[m];
        Verdict vs = dip && rise >= 1.5 ? Verdict.SHOWN : dip || (rise >= 1.5) ? Verdict.PARTLY : Verdict.NOT_SHOWN;
        if (vs == Verdict.SHOWN && self[last] > 1) vs = Verdict.PARTLY;
        f.add(new Finding("fig9", "Self-NMSE dips, then rises sharply as y0 grows (DDAM-TOGD⋆, fair-time off)", vs,
                String.format(Locale.ROOT, "DDAM-TOGD⋆ Self-NMSE: %s at y0=%s, minimum %s at y0=%s, %s at y0=%s (%s× the minimum); OGD %s → %s "
                                + "(shown: minimum inside the sweep and a rise ≥ 1.5×; partly: a dip or a sharp rise).",
                        g(self[0]), Experiments.fmt(x[0]), g(self[m]), Experiments.fmt(x[m]), g(self[last]), Experiments.fmt(x[last]), g(rise),
                        g(os[0]), g(os[last])) + diverged(x, self, cross, true)));
        return f;
    }

    /** " At y0=100 DDAM-TOGD⋆'s NMSE is above 1 …", or "" when every value is at most 1. */
    private static String diverged(double[] x, double[] self, double[] cross, boolean selfFinding) {
        List<String> at = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (self[i] > 1 || cross[i] > 1) at.add("y0=" + Experiments.fmt(x[i]) + " (Self " + g(self[i]) + ", Cross " + g(cross[i]) + ")");
        }
        if (at.isEmpty()) return "";
        return " DDAM-TOGD⋆'s NMSE is above 1 at " + String.join(", ", at) + ": worse than X = 0, i.e. the run diverged with this "
                + "step size" + (selfFinding ? ", so a rise there is not the paper's effect (at most partly)." : ".");
    }

    // ---------------------------------------------------------------- helpers

    private static String reading(boolean off) {
        return off ? "(fair-time off)" : "(paper's fair-time rule)";
    }

    /** C_max and DDAM-TOGD⋆'s iterations at a point, for the paper-rule reading. */
    private static String fairNote(FigureResult r, boolean off, int point) {
        double cmax = r.meanOf(point, STAR, off ? FairTime.OFF : FairTime.PAPER, RunRecord::cMax);
        if (Double.isNaN(cmax)) return "";
        double it = r.meanOf(point, STAR, off ? FairTime.OFF : FairTime.PAPER, RunRecord::iterations);
        double cst = r.meanOf(point, ST, off ? FairTime.OFF : FairTime.PAPER, RunRecord::cMax);
        double itst = r.meanOf(point, ST, off ? FairTime.OFF : FairTime.PAPER, RunRecord::iterations);
        Point p = r.experiment().points().get(point);
        return String.format(Locale.ROOT, " (At T=%d DDAM-TOGD ran %s iterations with ⋆ trees, C_max %s, and %s with ST trees, C_max %s%s.)",
                p.horizon(), g(it), g(cmax), g(itst), g(cst), off ? ", fair-time off" : ", under ⌊T/C_max⌋");
    }

    private static double change(double from, double to) {
        return to / from - 1;
    }

    private static double variation(double[] y) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : y) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        return lo > 0 ? hi / lo : Double.POSITIVE_INFINITY;
    }

    private static double logCorrelation(double[] a, double[] b) {
        int n = a.length;
        double[] la = new double[n], lb = new double[n];
        for (int i = 0; i < n; i++) {
            if (!(a[i] > 0) || !(b[i] > 0)) return Double.NaN;
            la[i] = Math.log(a[i]);
            lb[i] = Math.log(b[i]);
        }
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) { ma += la[i] / n; mb += lb[i] / n; }
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (la[i] - ma) * (lb[i] - mb);
            saa += (la[i] - ma) * (la[i] - ma);
            sbb += (lb[i] - mb) * (lb[i] - mb);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }

    private static int argMin(double[] a) {
        int k = 0;
        for (int i = 1; i < a.length; i++) if (a[i] < a[k]) k = i;
        return k;
    }

    private static int argMax(double[] a) {
        int k = 0;
        for (int i = 1; i < a.length; i++) if (a[i] > a[k]) k = i;
        return k;
    }

    /**
     * A number with 3 significant digits, as in the evidence sentences.
     *
     * @param v the number
     * @return e.g. {@code 3.14}, {@code 2500}, {@code 1.23e+07}, {@code -0.0123}
     */
    public static String g(double v) {
        if (Double.isNaN(v)) return "n/a";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "-∞";
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e6 || a < 1e-3)) return String.format(Locale.ROOT, "%.2e", v);
        String s = new java.math.BigDecimal(v).round(new java.math.MathContext(3)).toPlainString();
        if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }

    private static String ratio(double a, double b) {
        return g(a / b);
    }

    private static String pct(double change) {
        if (Double.isNaN(change)) return "n/a";
        return String.format(Locale.ROOT, "%+.0f%%", 100 * change);
    }
}
