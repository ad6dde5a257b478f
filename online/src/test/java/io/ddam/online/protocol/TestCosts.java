package io.ddam.online.protocol;

import io.ddam.online.model.MemoryCost;

/**
 * Test-only memory costs (the real ones live in {@code io.ddam.online.model}): a DeltaNet-like
 * f = ½‖Xk − v‖², ∇f = (Xk − v)kᵀ, and a linear-attention-like f = −⟨Xk, v⟩, ∇f = −v kᵀ, for a
 * d_v × d_k memory stored row-major. Written here so the protocol tests do not depend on the model code.
 */
final class TestCosts {
    private TestCosts() {}

    static MemoryCost deltaNet(int dv, int dk) {
        return new Base("test-deltanet", dv, dk, true) {
            @Override
            public double value(double[] x, double[] k, double[] v) {
                double s = 0;
                for (int r = 0; r < dv; r++) {
                    double e = -v[r];
                    for (int c = 0; c < dk; c++) e += x[r * dk + c] * k[c];
                    s += e * e;
                }
                return 0.5 * s;
            }

            @Override
            public void addGradient(double[] x, double[] k, double[] v, double scale, double[] out) {
                for (int r = 0; r < dv; r++) {
                    double e = -v[r];
                    for (int c = 0; c < dk; c++) e += x[r * dk + c] * k[c];
                    double se = scale * e;
                    for (int c = 0; c < dk; c++) out[r * dk + c] += se * k[c];
                }
            }
        };
    }

    static MemoryCost linear(int dv, int dk) {
        return new Base("test-linear", dv, dk, false) {
            @Override
            public double value(double[] x, double[] k, double[] v) {
                double s = 0;
                for (int r = 0; r < dv; r++) for (int c = 0; c < dk; c++) s -= v[r] * x[r * dk + c] * k[c];
                return s;
            }

            @Override
            public void addGradient(double[] x, double[] k, double[] v, double scale, double[] out) {
                for (int r = 0; r < dv; r++) for (int c = 0; c < dk; c++) out[r * dk + c] -= scale * v[r] * k[c];
            }
        };
    }

    private abstract static class Base implements MemoryCost {
        private final String name;
        final int dv;
        final int dk;
        private final boolean bounded;

        Base(String name, int dv, int dk, boolean bounded) {
            this.name = name;
            this.dv = dv;
            this.dk = dk;
            this.bounded = bounded;
        }

        @Override public String name() { return name; }
        @Override public int rows() { return dv; }
        @Override public int cols() { return dk; }
        @Override public int keyDim() { return dk; }
        @Override public boolean boundedBelow() { return bounded; }
        @Override public double gradientBound(double radius, double keyBound, double valueNormBound) { return Double.NaN; }
    }
}
