package io.ddam.online.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ddam.solver.DdamInputException;

import org.junit.jupiter.api.Test;

/** The fair-time rule of method.md §2.4. */
class FairTimeTest {
    @Test
    void paperRatioAndOff() {
        // T = 2500, C_max = 100: ⌊2500/100⌋ = 25, ⌊5000/100⌋ = 50, 2500.
        assertEquals(25, FairTime.PAPER.iterations(2500, 100));
        assertEquals(50, FairTime.RATIO.iterations(2500, 100));
        assertEquals(2500, FairTime.OFF.iterations(2500, 100));
        // Floors: ⌊2500/66⌋ = 37 (66·37 = 2442), ⌊5000/66⌋ = 75 (66·75 = 4950).
        assertEquals(37, FairTime.PAPER.iterations(2500, 66));
        assertEquals(75, FairTime.RATIO.iterations(2500, 66));
        // C-DOGD's own load, 2: the ratio rule gives T, the paper's rule T/2.
        assertEquals(2500, FairTime.RATIO.iterations(2500, 2));
        assertEquals(1250, FairTime.PAPER.iterations(2500, 2));
    }

    @Test
    void neverBelowOneNorAboveT() {
        assertEquals(1, FairTime.PAPER.iterations(10, 1000));
        assertEquals(1, FairTime.RATIO.iterations(10, 1000));
        assertEquals(1, FairTime.PAPER.iterations(1, 2));
        assertEquals(0, FairTime.PAPER.iterations(0, 2));
        // C_max = 0 (no traffic): every rule gives T.
        assertEquals(10, FairTime.PAPER.iterations(10, 0));
        assertEquals(10, FairTime.RATIO.iterations(10, 0));
        // An odd C_max of 1 cannot happen with tree loads (C_max = 2·load) but must not exceed T.
        assertEquals(10, FairTime.RATIO.iterations(10, 1));
        assertEquals(Integer.MAX_VALUE, FairTime.RATIO.iterations(Integer.MAX_VALUE, 2));
        assertThrows(DdamInputException.class, () -> FairTime.PAPER.iterations(-1, 2));
        assertThrows(DdamInputException.class, () -> FairTime.PAPER.iterations(5, -2));
    }

    @Test
    void floatsCountMessageSize() {
        // Gradient messages (ρ = 1): the paper's rule for DDAM, T for C-DOGD.
        assertEquals(25, FairTime.FLOATS.iterations(2500, 100, 1.0));
        assertEquals(2500, FairTime.FLOATS.consensusIterations(2500, 1.0));
        // RLS statistics for d_k = 4, d_v = 3: 12 + 10 = 22 floats, ρ = 22/12; DDAM ⌊2500·12/(100·22)⌋ = 13, C-DOGD ⌊2500·12/22⌋ = 1363.
        double rho = FairTime.ratio(RlsProtocol.statisticFloats(4, 3), 4, 3);
        assertEquals(22.0 / 12, rho, 1e-15);
        assertEquals(13, FairTime.FLOATS.iterations(2500, 100, rho));
        assertEquals(1363, FairTime.FLOATS.consensusIterations(2500, rho));
        // The other rules count messages: ρ is ignored.
        assertEquals(25, FairTime.PAPER.iterations(2500, 100, rho));
        assertEquals(2500, FairTime.PAPER.consensusIterations(2500, rho));
        assertEquals(1, FairTime.FLOATS.consensusIterations(3, 100));
        assertEquals(0, FairTime.FLOATS.consensusIterations(0, 2));
        assertThrows(DdamInputException.class, () -> FairTime.FLOATS.iterations(5, 2, 0));
        assertThrows(DdamInputException.class, () -> FairTime.FLOATS.consensusIterations(5, Double.NaN));
    }

    @Test
    void parsesCliNames() {
        assertEquals(FairTime.PAPER, FairTime.parse("paper"));
        assertEquals(FairTime.RATIO, FairTime.parse("Ratio"));
        assertEquals(FairTime.OFF, FairTime.parse(" off "));
        assertEquals(FairTime.FLOATS, FairTime.parse("floats"));
        for (FairTime f : FairTime.values()) assertEquals(f, FairTime.parse(f.cliName()));
        assertThrows(DdamInputException.class, () -> FairTime.parse("fair"));
    }
}
