package io.ddam.solver.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.io.GraphMLReader;
import io.ddam.solver.io.JsonInstanceReader;
import io.ddam.solver.io.JsonInstanceWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Link loads under both transports and link capacities, hand-computed, and capacities in the readers. */
class LinkLoadsTest {
    private static InterestMatrix dense(int n) {
        double[][] w = new double[n][n];
        for (double[] r : w) Arrays.fill(r, 1.0 / n);
        return InterestMatrix.of(w);
    }

    private static TreeMetrics spt(Network g, InterestMatrix w) {
        return TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).metrics();
    }

    @Test
    void pathOfThreeHandComputed() {
        // 0 -1- 1 -2- 2, dense W. Unicast: edge 0-1 carries pairs (0,1) (0,2) (1,0) (2,0), both ways: 8 messages;
        // edge 1-2 likewise 8. Aggregate: all three trees use each edge once: 6 messages.
        Network g = Network.builder().addNodes(3).addEdge(0, 1).addEdge(1, 2).build();
        TreeMetrics m = spt(g, dense(3));
        assertEquals(8, m.loads(Transport.UNICAST).messages(0));
        assertEquals(8, m.loads(Transport.UNICAST).messages(1));
        assertEquals(6, m.loads(Transport.AGGREGATE).messages(0));
        assertEquals(6, m.loads(Transport.AGGREGATE).messages(1));
        assertEquals(8, m.cMax(), 0);
        assertEquals(6, m.withTransport(Transport.AGGREGATE).cMax(), 0);
        assertEquals(Transport.UNICAST, m.transport());
        assertEquals(0, m.busiestEdge());
        // Capacity 2 on edge 0-1 halves its link time: the busiest link becomes 1-2.
        Network c = Network.builder().addNodes(3).addEdge(0, 1, 1, 1, 2.0).addEdge(1, 2).build();
        TreeMetrics mc = spt(c, dense(3));
        assertEquals(4, mc.loads(Transport.UNICAST).linkTime(0), 0);
        assertEquals(8, mc.cMax(), 0);
        assertEquals(1, mc.busiestEdge());
        assertEquals(3, mc.loads(Transport.AGGREGATE).linkTime(0), 0);
        assertEquals(6, mc.loads(Transport.AGGREGATE).cMax(), 0);
    }

    @Test
    void starHandComputedAndFractionalCapacity() {
        // Centre 0, leaves 1..3, dense W. Edge 0-i: 3 pairs leave i and 3 arrive: 12 unicast messages;
        // all 4 trees use every edge: 8 aggregate messages. Capacity 3 on edge 0-1: link time 4 and 8/3.
        Network g = Network.builder().addNodes(4).addEdge(0, 1, 1, 1, 3.0).addEdge(0, 2).addEdge(0, 3).build();
        TreeMetrics m = spt(g, dense(4));
        for (int e = 0; e < 3; e++) {
            assertEquals(12, m.loads(Transport.UNICAST).messages(e));
            assertEquals(8, m.loads(Transport.AGGREGATE).messages(e));
            assertEquals(4, m.treesOnEdge(e));
        }
        assertEquals(4, m.loads(Transport.UNICAST).linkTime(0), 1e-15);
        assertEquals(8.0 / 3, m.loads(Transport.AGGREGATE).linkTime(0), 1e-15);
        assertEquals(12, m.cMax(), 0);
        assertEquals(1, m.busiestEdge());
        assertEquals(12 * 3, m.loads(Transport.UNICAST).totalMessages());
    }

    @Test
    void unicastWithUnitCapacitiesIsEquation15AndAggregateNeverMore() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 20; trial++) {
            int n = 5 + r.nextInt(15);
            Network.Builder b = Network.builder().addNodes(n);
            for (int i = 1; i < n; i++) b.addEdge(r.nextInt(i), i, 1 + r.nextInt(3), 1);
            for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) if (!b.hasEdge(i, j) && r.nextDouble() < 0.15) b.addEdge(i, j, 1 + r.nextInt(3), 1);
            Network g = b.build();
            TreeMetrics m = TreeDesign.design(trial % 2 == 0 ? new ShortestPathTreeDesigner() : new KmbSteinerDesigner(), g, dense(n), 1).metrics();
            long max = 0;
            for (int e = 0; e < g.edgeCount(); e++) {
                assertEquals(2 * m.edgeLoad(e), m.loads(Transport.UNICAST).messages(e));
                assertTrue(m.loads(Transport.AGGREGATE).messages(e) <= m.loads(Transport.UNICAST).messages(e));
                max = Math.max(max, m.edgeLoad(e));
            }
            assertEquals(2 * max, m.cMax(), 0, "eq. (15): 2 max_e L_e");
        }
    }

    @Test
    void jsonCapacityRoundTripsAndBadValuesNameTheLine(@TempDir Path dir) throws IOException {
        String json = "{\"format\": \"ddam-instance/1\", \"name\": \"cap\", \"nodes\": 3, \"edges\": [\n {\"u\": 0, \"v\": 1, \"capacity\": 2.5},\n"
                + " {\"u\": 1, \"v\": 2}\n], \"interest\": {\"generator\": \"uniform\"}}";
        Instance inst = JsonInstanceReader.readString("cap.json", json);
        assertEquals(2.5, inst.network().capacity(0), 0);
        assertEquals(1, inst.network().capacity(1), 0);
        Path out = dir.resolve("cap-out.json");
        JsonInstanceWriter.write(inst, out);
        Instance back = JsonInstanceReader.read(out);
        assertEquals(inst.network(), back.network());
        assertTrue(Files.readString(out).contains("\"capacity\": 2.5"));
        for (String bad : new String[] {"0", "-1", "\"fast\"", "1e999"}) {
            DdamInputException e = assertThrows(DdamInputException.class,
                    () -> JsonInstanceReader.readString("bad.json", json.replace("2.5", bad)));
            assertEquals(2, e.line(), bad);
            assertTrue(e.getMessage().contains("capacity"), e.getMessage());
        }
    }

    @Test
    void graphmlCapacityFromLinkSpeedRaw(@TempDir Path dir) throws IOException {
        // Speeds 1 Gb/s, 10 Gb/s (twice, parallel: 20 Gb/s) and none: capacities 1, 20 and 1.
        String xml = """
                <?xml version="1.0" encoding="utf-8"?>
                <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
                  <key attr.name="LinkSpeedRaw" attr.type="double" for="edge" id="d1" />
                  <graph edgedefault="undirected">
                    <node id="0" /><node id="1" /><node id="2" /><node id="3" />
                    <edge source="0" target="1"><data key="d1">1000000000.0</data></edge>
                    <edge source="1" target="2"><data key="d1">10000000000.0</data></edge>
                    <edge source="2" target="1"><data key="d1">10000000000.0</data></edge>
                    <edge source="2" target="3" />
                  </graph>
                </graphml>
                """;
        Path f = dir.resolve("speeds.graphml");
        Files.writeString(f, xml);
        Instance inst = GraphMLReader.read(f, GraphMLReader.Options.defaults());
        Network g = inst.network();
        assertEquals(3, g.edgeCount());
        assertEquals(1, g.capacity(g.edgeBetween(g.indexOf(0), g.indexOf(1))), 0);
        assertEquals(20, g.capacity(g.edgeBetween(g.indexOf(1), g.indexOf(2))), 0);
        assertEquals(1, g.capacity(g.edgeBetween(g.indexOf(2), g.indexOf(3))), 0);
        assertEquals(1e9, ((Number) inst.metadata().get("capacityUnitBps")).doubleValue(), 0);
        Files.writeString(f, xml.replace("1000000000.0", "-5"));
        DdamInputException e = assertThrows(DdamInputException.class, () -> GraphMLReader.read(f, GraphMLReader.Options.defaults()));
        assertEquals(6, e.line());
        assertTrue(e.getMessage().contains("LinkSpeedRaw"), e.getMessage());
    }
}
