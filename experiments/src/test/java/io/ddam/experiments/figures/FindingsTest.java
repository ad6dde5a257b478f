package io.ddam.experiments.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Every verdict branch of {@link Findings} on hand-made curves, with the numbers in the evidence. */
class FindingsTest {
    static final String OFF = Experiments.OFF;

    /** One seed per point. */
    static double[][] curve(double... y) {
        double[][] v = new double[y.length][];
        for (int i = 0; i < y.length; i++) v[i] = new double[] {y[i]};
        return v;
    }

    static FigureResult fig3(double[] ogd, double[] cdogd, double[] star, double[] st) {
        Experiment e = Experiments.of(Figure.FIG3, FigureRunnerTest.QUICK); // T = 100, 500, 1000, 2500
        Map<String, double[][]> v = new HashMap<>();
        v.put("ogd", curve(ogd));
        v.put("cdogd", curve(cdogd));
        v.put("ddam-star", curve(star));
        v.put("ddam-st", curve(st));
        v.put("ddam-star" + OFF, curve(star));
        v.put("ddam-st" + OFF, curve(st));
        return FigureResult.ofValues(e, v);
    }

    static Finding find(List<Finding> fs, String claimPart) {
        return fs.stream().filter(f -> f.claim().contains(claimPart)).findFirst().orElseThrow();
    }

    static final double[] FALLING = {20, 10, 7, 4.4};

    @Test
    void cdogdThatPlateausIsShownWithItsNumbers() {
        List<Finding> fs = Findings.fig3(fig3(FALLING, new double[] {40, 20, 15.5, 15}, FALLING, FALLING));
        Finding p = find(fs, "plateaus");
        assertEquals(Verdict.SHOWN, p.verdict(), p.evidence());
        assertTrue(p.evidence().contains("at T=2500 is 15, 3.41× OGD's 4.4"), p.evidence());
        assertTrue(p.evidence().contains("changes by -3% from T=1000 to T=2500"), p.evidence());
        assertTrue(p.evidence().contains("from T≈1000 on"), p.evidence());
        assertEquals(Verdict.SHOWN, find(fs, "OGD's").verdict());
        assertTrue(find(fs, "OGD's").evidence().contains("goes from 20 at T=100 to 4.4 at T=2500"), find(fs, "OGD's").evidence());
    }

    @Test
    void cdogdThatKeepsFallingIsNotAPlateau() {
        Finding p = find(Findings.fig3(fig3(FALLING, new double[] {40, 20, 12, 7}, FALLING, FALLING)), "plateaus");
        assertEquals(Verdict.NOT_SHOWN, p.verdict(), p.evidence());
        assertTrue(p.evidence().contains("-42%"), p.evidence());
    }

    @Test
    void cdogdThatSlowsDownIsPartlyAPlateau() {
        Finding p = find(Findings.fig3(fig3(FALLING, new double[] {40, 20, 14, 12}, FALLING, FALLING)), "plateaus");
        assertEquals(Verdict.PARTLY, p.verdict(), p.evidence());
    }

    @Test
    void cdogdThatNeverFallsIsNotAPlateau() {
        Finding p = find(Findings.fig3(fig3(FALLING, new double[] {10, 10.5, 10.2, 10.1}, FALLING, FALLING)), "plateaus");
        assertEquals(Verdict.NOT_SHOWN, p.verdict(), p.evidence());
    }

    @Test
    void keepsFallingBranches() {
        double[] flattening = {20, 10, 8, 7.8};
        double[] rising = {5, 6, 7, 8};
        List<Finding> fs = Findings.fig3(fig3(rising, FALLING, FALLING, flattening));
        assertEquals(Verdict.NOT_SHOWN, find(fs, "OGD's").verdict());
        Finding ddam = find(fs, "DDAM-TOGD's time-average static regret keeps falling (paper");
        assertEquals(Verdict.PARTLY, ddam.verdict(), "⋆ shown, ST partly: partly overall");
        assertTrue(ddam.evidence().contains("DDAM-TOGD (ST): S-Reg/T goes from 20 at T=100 to 7.8 at T=2500"), ddam.evidence());
        List<Finding> both = Findings.fig3(fig3(FALLING, FALLING, flattening, flattening));
        assertEquals(Verdict.PARTLY, find(both, "keeps falling (fair-time off)").verdict());
    }

    static FigureResult fig9(double[] selfStar, double[] crossStar) {
        Experiment e = Experiments.of(Figure.FIG9, FigureRunnerTest.QUICK); // y0 = 0.1, 1, 10, 100
        return FigureResult.ofValues(e, Map.of("ddam-star Self-NMSE", curve(selfStar), "ddam-star Cross-NMSE", curve(crossStar),
                "ogd Self-NMSE", curve(0.1, 0.1, 0.1, 0.1), "ogd Cross-NMSE", curve(0.5, 0.4, 0.3, 0.2)));
    }

    @Test
    void fig9Branches() {
        List<Finding> shown = Findings.fig9(fig9(new double[] {0.3, 0.2, 0.25, 0.6}, new double[] {0.8, 0.5, 0.3, 0.2}));
        Finding self = find(shown, "Self-NMSE");
        assertEquals(Verdict.SHOWN, self.verdict(), self.evidence());
        assertTrue(self.evidence().contains("minimum 0.2 at y0=1, 0.6 at y0=100 (3× the minimum)"), self.evidence());
        Finding cross = find(shown, "Cross-NMSE");
        assertEquals(Verdict.SHOWN, cross.verdict(), cross.evidence());
        assertTrue(cross.evidence().contains("0.8 at y0=0.1 → 0.2 at y0=100 (0.25×), falling at 3 of 3 steps"), cross.evidence());

        List<Finding> no = Findings.fig9(fig9(new double[] {0.6, 0.5, 0.4, 0.3}, new double[] {0.2, 0.3, 0.4, 0.5}));
        assertEquals(Verdict.NOT_SHOWN, find(no, "Self-NMSE").verdict());
        assertEquals(Verdict.NOT_SHOWN, find(no, "Cross-NMSE").verdict());

        List<Finding> partly = Findings.fig9(fig9(new double[] {0.3, 0.2, 0.22, 0.25}, new double[] {0.5, 0.52, 0.53, 0.45}));
        assertEquals(Verdict.PARTLY, find(partly, "Self-NMSE").verdict(), "a dip without a sharp rise");
        assertEquals(Verdict.PARTLY, find(partly, "Cross-NMSE").verdict(), "ends lower, but not by 20%");
        assertFalse(find(shown, "Self-NMSE").evidence().contains("diverged"));

        // an NMSE above 1 is worse than X = 0: a divergence, not the paper's rise
        List<Finding> diverged = Findings.fig9(fig9(new double[] {0.3, 0.2, 0.25, 40}, new double[] {0.8, 0.5, 0.3, 42}));
        Finding ds = find(diverged, "Self-NMSE");
        assertEquals(Verdict.PARTLY, ds.verdict(), ds.evidence());
        assertTrue(ds.evidence().contains("NMSE is above 1 at y0=100 (Self 40, Cross 42): worse than X = 0, i.e. the run diverged"), ds.evidence());
        assertTrue(find(diverged, "Cross-NMSE").evidence().contains("the run diverged with this step size."));
    }

    static FigureResult fig8(double[][] ogd, double[][] cdogd, double[][] star) {
        Experiment e = Experiments.of(Figure.FIG8, FigureRunnerTest.QUICK); // T = 150, 300, 600
        Map<String, double[][]> v = new HashMap<>();
        v.put("ogd", ogd);
        v.put("cdogd", cdogd);
        for (String s : List.of("ddam-star", "ddam-st", "ddam-star" + OFF, "ddam-st" + OFF)) v.put(s, star);
        return FigureResult.ofValues(e, v);
    }

    static double[][] seeds(double a, double b) {
        return new double[][] {{a, b}, {a, b}, {a, b}};
    }

    @Test
    void fig8Branches() {
        List<Finding> fs = Findings.fig8(fig8(seeds(-2, -1), seeds(30, 30), seeds(-1.4, -1.5)));
        Finding neg = find(fs, "negative");
        assertEquals(Verdict.SHOWN, neg.verdict(), neg.evidence());
        assertTrue(neg.evidence().contains("Mean S-Reg/T of ogd is -1.5 at T=150"), neg.evidence());
        assertEquals(Verdict.SHOWN, find(fs, "close to OGD (paper").verdict(), find(fs, "close to OGD (paper").evidence());
        assertEquals(Verdict.SHOWN, find(fs, "far worse").verdict(), find(fs, "far worse").evidence());

        List<Finding> oneSeed = Findings.fig8(fig8(seeds(-1, 3), seeds(30, 30), seeds(20, 20)));
        assertEquals(Verdict.PARTLY, find(oneSeed, "negative").verdict(), "only one seed is negative");
        assertEquals(Verdict.PARTLY, find(oneSeed, "close to OGD (fair").verdict(), "far from OGD but below C-DOGD");

        List<Finding> none = Findings.fig8(fig8(seeds(10, 10), seeds(10.5, 10.5), seeds(40, 40)));
        Finding n = find(none, "negative");
        assertEquals(Verdict.NOT_SHOWN, n.verdict());
        assertTrue(n.evidence().contains("the lowest mean S-Reg/T is 10 (ogd at T=150)"), n.evidence());
        assertEquals(Verdict.NOT_SHOWN, find(none, "close to OGD (paper").verdict());
        assertEquals(Verdict.NOT_SHOWN, find(none, "far worse").verdict());
    }

    static FigureResult fig7(double[] d1, double[] p1, double[] d168, double[] p168) {
        Experiment e = Experiments.of(Figure.FIG7, FigureRunnerTest.QUICK); // T = 150, 300, 600
        return FigureResult.ofValues(e, Map.of("Ω=1: D-Reg/T", curve(d1), "Ω=1: (1+PL)/√T", curve(p1),
                "Ω=168: D-Reg/T", curve(d168), "Ω=168: (1+PL)/√T", curve(p168)));
    }

    @Test
    void fig7Branches() {
        List<Finding> fs = Findings.fig7(fig7(new double[] {10, 14, 20}, new double[] {100, 140, 200}, new double[] {4, 2.5, 1.5},
                new double[] {0.1, 0.05, 0.02}));
        assertEquals(Verdict.SHOWN, find(fs, "Ω = 1,").verdict(), find(fs, "Ω = 1,").evidence());
        assertTrue(find(fs, "Ω = 1,").evidence().contains("correlation of their logarithms over T = 1"), find(fs, "Ω = 1,").evidence());
        assertEquals(Verdict.SHOWN, find(fs, "Ω = 168,").verdict());
        Finding slow = find(fs, "more slowly");
        assertEquals(Verdict.SHOWN, slow.verdict(), slow.evidence());
        assertTrue(slow.evidence().contains("D-Reg is 900 for Ω=168 vs 12000 for Ω=1"), slow.evidence());

        List<Finding> no = Findings.fig7(fig7(new double[] {10, 8, 6}, new double[] {1, 2, 3}, new double[] {10, 8, 6},
                new double[] {1, 2, 3}));
        assertEquals(Verdict.NOT_SHOWN, find(no, "Ω = 1,").verdict());
        assertEquals(Verdict.NOT_SHOWN, find(no, "more slowly").verdict(), find(no, "more slowly").evidence());
    }

    @Test
    void fig4And5Branches() {
        Experiment e4 = Experiments.of(Figure.FIG4, FigureRunnerTest.QUICK); // ρ = 0, .25, .5, .75, 1
        Map<String, double[][]> v = new HashMap<>();
        v.put("ogd", curve(5, 5, 5, 5, 5));
        v.put("cdogd", curve(40, 20, 10, 8, 6));
        v.put("ddam-star", curve(60, 50, 40, 30, 30));
        v.put("ddam-star" + OFF, curve(8, 7, 7, 6, 6));
        List<Finding> f4 = Findings.fig4(FigureResult.ofValues(e4, v));
        assertEquals(Verdict.SHOWN, find(f4, "C-DOGD's regret grows fast").verdict());
        assertTrue(find(f4, "grows fast").evidence().contains("6 at ρ=1, 40 at ρ=0 (6.67×"), find(f4, "grows fast").evidence());
        assertEquals(Verdict.SHOWN, find(f4, "similar at large ρ (fair-time off)").verdict());
        assertEquals(Verdict.NOT_SHOWN, find(f4, "similar at large ρ (paper").verdict(), "30 vs 5: 6×");
        assertEquals(Verdict.SHOWN, find(f4, "stays low (fair-time off)").verdict());
        assertEquals(Verdict.PARTLY, find(f4, "stays low (paper").verdict(), "grows only 2×, but above C-DOGD");

        Experiment e5 = Experiments.of(Figure.FIG5, FigureRunnerTest.QUICK); // y0 = 0.1, 1, 4, 10
        Map<String, double[][]> w = new HashMap<>();
        w.put("ogd", curve(6, 5.5, 5, 5));
        w.put("cdogd", curve(50, 20, 10, 9));
        w.put("ddam-star", curve(100, 50, 40, 30));
        w.put("ddam-star" + OFF, curve(12, 10, 9, 8));
        List<Finding> f5 = Findings.fig5(FigureResult.ofValues(e5, w));
        assertEquals(Verdict.SHOWN, find(f5, "C-DOGD a large").verdict());
        assertEquals(Verdict.SHOWN, find(f5, "OGD's regret is barely").verdict());
        assertTrue(find(f5, "OGD's regret is barely").evidence().contains("max/min = 1.2 (C-DOGD: 5.56)"), find(f5, "OGD's regret is barely").evidence());
        assertEquals(Verdict.NOT_SHOWN, find(f5, "barely affected by y0 (paper").verdict());
        assertEquals(Verdict.SHOWN, find(f5, "barely affected by y0 (fair-time off)").verdict());
    }

    @Test
    void starVersusSteinerWithoutDelaysIsAtMostPartly() {
        FigureResult r = fig3(FALLING, FALLING, new double[] {10, 5, 3, 2}, new double[] {11, 6, 4, 3});
        List<Finding> fs = Findings.starVersusSteiner(List.of(r));
        assertEquals(2, fs.size());
        for (Finding f : fs) {
            assertEquals(Verdict.PARTLY, f.verdict(), f.evidence());
            assertTrue(f.evidence().contains("lower with ⋆ at 4 of 4 points"), f.evidence());
        }
        FigureResult worse = fig3(FALLING, FALLING, new double[] {12, 7, 5, 4}, new double[] {11, 6, 4, 3});
        assertEquals(Verdict.NOT_SHOWN, Findings.starVersusSteiner(List.of(worse)).get(0).verdict());
    }

    @Test
    void numbersAreWrittenWithThreeDigits() {
        assertEquals("2500", Findings.g(2500));
        assertEquals("3.14", Findings.g(3.14159));
        assertEquals("0.1", Findings.g(0.1));
        assertEquals("1.23e+07", Findings.g(12_345_678));
        assertEquals("-0.0123", Findings.g(-0.012345));
        assertEquals("n/a", Findings.g(Double.NaN));
    }
}
