package io.ddam.solver.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.Network;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Network generators: determinism, connectivity, structure and the statistics of the edge count. */
class GeneratorNetworkTest {

    @Test
    void sameSeedSameNetworkOtherSeedOtherNetwork() {
        EdgeWeights w = EdgeWeights.UNIT.withDelays(1, 4).withCosts(0.5, 2);
        List<java.util.function.LongFunction<NetworkGenerator>> gens = List.of(
                s -> new ErdosRenyiGenerator(20, 0.2, w, s),
                s -> new WaxmanGenerator(20, 0.4, 0.4, w, s),
                s -> new GridGenerator(4, 5, w, s));
        for (var g : gens) {
            Instance a = g.apply(11).generate();
            Instance b = g.apply(11).generate();
            Instance c = g.apply(12).generate();
            assertEquals(a.network(), b.network());
            assertEquals(a.metadata(), b.metadata());
            assertNotEquals(a.network(), c.network(), "seed had no effect: " + g.apply(11));
        }
    }

    @Test
    void erdosRenyiIsConnectedAndEdgeCountMatchesP() {
        int n = 30;
        double p = 0.3;
        int runs = 200;
        double pairs = n * (n - 1) / 2.0;
        double sum = 0;
        for (int s = 0; s < runs; s++) {
            Network net = new ErdosRenyiGenerator(n, p, s).generate().network();
            assertTrue(net.isConnected());
            assertEquals(n, net.nodeCount());
            sum += net.edgeCount();
        }
        // P(G(30, 0.3) disconnected) is about 1e-3, so conditioning barely moves the mean.
        double mean = sum / runs;
        double se = Math.sqrt(pairs * p * (1 - p) / runs);
        assertEquals(pairs * p, mean, 3 * se, "mean edge count " + mean);
    }

    @Test
    void erdosRenyiResamplesUntilConnected() {
        // G(20, 0.1) is usually disconnected; every result must still be connected.
        long retried = 0;
        for (int s = 0; s < 50; s++) {
            Instance in = new ErdosRenyiGenerator(20, 0.1, s).generate();
            assertTrue(in.network().isConnected());
            if ((Long) in.metadata().get("attempts") > 1) retried++;
        }
        assertTrue(retried > 10, "expected many resampled draws, got " + retried);
    }

    @Test
    void erdosRenyiGivesUpWithAClearMessage() {
        DdamInputException e = assertThrows(DdamInputException.class, () -> new ErdosRenyiGenerator(40, 0.001, 1).generate());
        assertTrue(e.problem().contains("G(n=40, p=0.001) was disconnected in 10000 draws; raise p"), e.problem());
        assertTrue(e.problem().contains("ln n / n = 0.0922"), e.problem());
    }

    @Test
    void singleNodeIsConnected() {
        assertEquals(1, new ErdosRenyiGenerator(1, 0.5, 1).generate().network().nodeCount());
        assertEquals(0, new WaxmanGenerator(1, 0.5, 0.5, 1).generate().network().edgeCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2x2", "3x7", "5x5", "10x4"})
    void gridHasTheRightEdgesAndDegrees(String size) {
        int r = Integer.parseInt(size.split("x")[0]);
        int c = Integer.parseInt(size.split("x")[1]);
        Network net = new GridGenerator(r, c).generate().network();
        assertEquals(r * c, net.nodeCount());
        assertEquals(2 * r * c - r - c, net.edgeCount());
        int min = Integer.MAX_VALUE, max = 0;
        for (int i = 0; i < net.nodeCount(); i++) {
            min = Math.min(min, net.degree(i));
            max = Math.max(max, net.degree(i));
        }
        assertEquals(2, min);
        assertEquals(r >= 3 && c >= 3 ? 4 : (r >= 3 || c >= 3) ? 3 : 2, max);
        // node (1,1) touches (0,1), (1,0), (1,2) if present, (2,1) if present
        assertTrue(net.edgeBetween(net.indexOf(c + 1), net.indexOf(1)) >= 0);
        assertTrue(net.edgeBetween(net.indexOf(c + 1), net.indexOf(c)) >= 0);
        assertEquals(-1, net.edgeBetween(net.indexOf(0), net.indexOf(c + 1)));
        assertTrue(net.isConnected());
    }

    @Test
    void gridOfOneRowIsAPath() {
        Network net = new GridGenerator(1, 6).generate().network();
        assertEquals(5, net.edgeCount());
    }

    @Test
    void waxmanIsConnectedAndDelaysFollowDistance() {
        for (int s = 0; s < 20; s++) {
            Instance in = new WaxmanGenerator(25, 0.3, 0.5, EdgeWeights.UNIT.withDelayScale(10), s).generate();
            Network net = in.network();
            assertTrue(net.isConnected());
            @SuppressWarnings("unchecked")
            List<List<Double>> xy = (List<List<Double>>) in.metadata().get("coordinates");
            assertEquals(25, xy.size());
            for (int e = 0; e < net.edgeCount(); e++) {
                List<Double> a = xy.get(net.edgeU(e)), b = xy.get(net.edgeV(e));
                double d = Math.hypot(a.get(0) - b.get(0), a.get(1) - b.get(1));
                assertEquals(Math.max(1, (int) Math.ceil(d * 10)), net.delay(e));
            }
        }
    }

    @Test
    void waxmanPrefersShortLinks() {
        // With small alpha, linked pairs are much closer on average than all pairs (mean ≈ 0.52 in the unit square).
        double linked = 0;
        int count = 0;
        for (int s = 0; s < 20; s++) {
            Instance in = new WaxmanGenerator(30, 0.15, 1.0, s).generate();
            @SuppressWarnings("unchecked")
            List<List<Double>> xy = (List<List<Double>>) in.metadata().get("coordinates");
            Network net = in.network();
            for (int e = 0; e < net.edgeCount(); e++) {
                List<Double> a = xy.get(net.edgeU(e)), b = xy.get(net.edgeV(e));
                linked += Math.hypot(a.get(0) - b.get(0), a.get(1) - b.get(1));
                count++;
            }
        }
        assertTrue(linked / count < 0.35, "mean linked distance " + linked / count);
    }

    @Test
    void randomWeightsStayInRangeAndCoverIt() {
        Network net = new ErdosRenyiGenerator(40, 0.3, EdgeWeights.UNIT.withDelays(2, 5).withCosts(0.5, 2), 3).generate().network();
        boolean[] seen = new boolean[6];
        for (int e = 0; e < net.edgeCount(); e++) {
            assertTrue(net.delay(e) >= 2 && net.delay(e) <= 5);
            assertTrue(net.cost(e) >= 0.5 && net.cost(e) < 2);
            seen[net.delay(e)] = true;
        }
        assertTrue(seen[2] && seen[3] && seen[4] && seen[5]);
        Network unit = new ErdosRenyiGenerator(40, 0.3, 3).generate().network();
        for (int e = 0; e < unit.edgeCount(); e++) {
            assertEquals(1, unit.delay(e));
            assertEquals(1.0, unit.cost(e));
        }
    }

    @Test
    void invalidParametersAreInputErrors() {
        assertThrows(DdamInputException.class, () -> new ErdosRenyiGenerator(10, 0, 1));
        assertThrows(DdamInputException.class, () -> new ErdosRenyiGenerator(10, 1.01, 1));
        assertThrows(DdamInputException.class, () -> new ErdosRenyiGenerator(10, Double.NaN, 1));
        assertThrows(DdamInputException.class, () -> new ErdosRenyiGenerator(0, 0.5, 1));
        assertThrows(DdamInputException.class, () -> new GridGenerator(0, 3));
        assertThrows(DdamInputException.class, () -> new WaxmanGenerator(10, 0, 0.5, 1));
        assertThrows(DdamInputException.class, () -> new WaxmanGenerator(10, 0.5, 1.5, 1));
        assertThrows(DdamInputException.class, () -> new WaxmanGenerator(-1, 0.5, 0.5, 1));
        assertThrows(DdamInputException.class, () -> EdgeWeights.UNIT.withDelays(0, 3));
        assertThrows(DdamInputException.class, () -> EdgeWeights.UNIT.withDelays(4, 3));
        assertThrows(DdamInputException.class, () -> EdgeWeights.UNIT.withCosts(0, 3));
        assertThrows(DdamInputException.class, () -> new ErdosRenyiGenerator(10, 0.5, EdgeWeights.UNIT.withDelayScale(3), 1));
    }

    @Test
    void specsParseAndPrintCanonically() {
        assertEquals(new ErdosRenyiGenerator(16, 0.25, 7), NetworkGenerator.parse("er:n=16,p=0.25,seed=7"));
        assertEquals(new GridGenerator(4, 5), NetworkGenerator.parse("grid:rows=4,cols=5"));
        assertEquals(new WaxmanGenerator(20, 0.4, 0.4, 1), NetworkGenerator.parse("waxman:n=20,alpha=0.4,beta=0.4,seed=1"));
        assertEquals(new ErdosRenyiGenerator(16, 0.25, 9), NetworkGenerator.parse("er:n=16,p=0.25", 9L));
        for (String s : List.of("er:n=16,p=0.25,seed=7,delay=1..5,cost=0.5..2", "grid:rows=4,cols=5",
                "grid:rows=4,cols=5,seed=3,delay=2..3", "waxman:n=20,alpha=0.4,beta=0.4,seed=1,delayscale=10",
                "waxman:n=20,alpha=0.4,beta=0.4,seed=1,delay=3,cost=2")) {
            NetworkGenerator g = NetworkGenerator.parse(s);
            assertEquals(s, g.spec());
            assertEquals(g, NetworkGenerator.parse(g.spec()));
        }
    }

    @Test
    void specErrorsNameTheKeyOrValue() {
        assertMessage("er:n=16,p=0.25", "missing key 'seed'");
        assertMessage("er:n=16,p=0.25,seed=7,q=1", "unknown key 'q'");
        assertMessage("er:n=sixteen,p=0.25,seed=7", "n=sixteen is not a whole number");
        assertMessage("er:n=16,p=1.5,seed=7", "p must lie in (0, 1]");
        assertMessage("er:n=16,p=0.25,seed=7,delay=0..3", "delays are whole time steps");
        assertMessage("er:n=16,p=0.25,seed=7,delay=a..b", "delay=a..b is not");
        assertMessage("er:n=16,n=3,p=0.25,seed=7", "key 'n' is given twice");
        assertMessage("hypercube:n=3", "unknown generator 'hypercube'");
        assertMessage("grid:rows=3,cols=3,delay=1..4", "missing key 'seed'");
        assertMessage("grid:rows=3", "missing key 'cols'");
        assertMessage("er:n=16,p=NaN,seed=1", "p=NaN is not a finite number");
        assertMessage("", "empty network spec");
    }

    private static void assertMessage(String spec, String fragment) {
        DdamInputException e = assertThrows(DdamInputException.class, () -> NetworkGenerator.parse(spec));
        assertTrue(e.problem().contains(fragment), () -> "expected '" + fragment + "' in: " + e.problem());
    }
}
