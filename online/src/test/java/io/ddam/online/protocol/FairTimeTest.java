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
    void parsesCliNames() {
        assertEquals(FairTime.PAPER, FairTime.parse("paper"));
        assertEquals(FairTime.RATIO, FairTime.parse("Ratio"));
        assertEquals(FairTime.OFF, FairTime.parse(" off "));
        for (FairTime f : FairTime.values()) assertEquals(f, FairTime.parse(f.cliName()));
        assertThrows(DdamInputException.class, () -> FairTime.parse("fair"));
    }
}
