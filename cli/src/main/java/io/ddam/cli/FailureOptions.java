package io.ddam.cli;

import io.ddam.cli.plot.LinePlot;
import io.ddam.experiments.run.Simulation;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.failures.FailureSchedules;
import io.ddam.solver.failures.LinkSchedule;
import io.ddam.solver.graph.Instance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Option;

/**
 * {@code --failures} and {@code --repair-delay} of {@code simulate} and {@code compare} (issue 11): replay
 * link failures from a trace file or a generator spec, optionally repair the trees, and report per
 * protocol what the failures cost next to the same run on the intact network (docs/formats.md).
 */
final class FailureOptions {
    @Option(names = "--failures", paramLabel = "FILE|SPEC",
            description = "Link failures: a trace CSV (t,u,v,down|up) or a spec: indep:p=P,q=Q,seed=S | indep:up=U,down=D,seed=S | "
                    + "node:id=I,from=A[,to=B] | cut:t=A,links=U-V;U-V[,to=B] | region:lat=LO..HI,lon=LO..HI,from=A[,to=B] | none.")
    String failures;

    @Option(names = "--repair-delay", paramLabel = "STEPS",
            description = "Repair the affected routing trees this many steps after each topology change (default: no repair): "
                    + "spt/kmb per affected root, joint and joint-heuristic re-solved with their options, warm-started.")
    Integer repairDelay;

    @Option(names = "--repair-time-limit", paramLabel = "SECONDS", defaultValue = "2",
            description = "Time limit of each joint-MILP repair of ddam-joint trees (default: ${DEFAULT-VALUE} s). The MILP "
                    + "starts from the joint heuristic's repair, so a repair stopped by the limit is never worse than that; "
                    + "--time-limit stays the limit of the initial design. 0 means no limit.")
    double repairTimeLimit;

    /** Whether {@code --failures} was given. */
    boolean active() {
        if (repairDelay != null && failures == null) throw new DdamInputException("--repair-delay needs --failures");
        if (repairDelay != null && repairDelay < 0) throw new DdamInputException("--repair-delay must be >= 0, not " + repairDelay);
        if (!(repairTimeLimit >= 0) || Double.isInfinite(repairTimeLimit)) {
            throw new DdamInputException("--repair-time-limit must be >= 0 seconds, not " + repairTimeLimit);
        }
        return failures != null;
    }

    /**
     * The setup for {@link Simulation#run(Simulation.Config, Simulation.Options)} with failures; {@code ddam-joint*} trees are repaired by the joint
     * designers with {@code solver}'s options (transport, --delay-slack, --lambda, --solver) and
     * --repair-time-limit.
     */
    Simulation.FailureSetup setup(Instance inst, int horizon, SolverOptions solver) {
        LinkSchedule s = FailureSchedules.load(failures, inst.network(), inst.metadata(), horizon);
        return new Simulation.FailureSetup(s, repairDelay == null ? -1 : repairDelay,
                (name, transport) -> solver.joint(name, transport, repairTimeLimit));
    }

    /** The table of a failure run: per protocol with and without failures. */
    static Render.Table table(List<Simulation.FailureRow> rows) {
        Render.Table t = new Render.Table("protocol", "iterations", "lost_fraction", "lost", "partitioned_steps",
                "static_regret", "static_regret_no_failure", "self_nmse", "self_nmse_no_failure", "dynamic_bound", "repairs",
                "trees_repaired", "repair_ms").right(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        for (Simulation.FailureRow f : rows) {
            Simulation.Row r = f.row(), b = f.noFailure();
            t.row(r.protocol(), r.iterations(), SimulateCommand.g4(f.lostFraction()), f.lost(), f.partitionedSteps(),
                    SimulateCommand.g4(r.staticRegret()), SimulateCommand.g4(b.staticRegret()), SimulateCommand.g4(r.selfNmse()),
                    SimulateCommand.g4(b.selfNmse()), r.dynamicBound().applies() ? SimulateCommand.g4(r.dynamicBound().value()) : "-",
                    f.repairedWith() == null ? "-" : Long.toString(f.repairs()),
                    f.repairedWith() == null ? "-" : Long.toString(f.repairedTrees()),
                    f.repairedWith() == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f", f.repairNanos() / 1e6));
        }
        return t;
    }

    /** The JSON of a failure run (docs/formats.md, "Link failures in simulate and compare"). */
    Map<String, Object> json(Simulation.FailureSetup setup, List<Simulation.FailureRow> rows) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("source", failures);
        root.put("repairDelay", setup.repairDelay() < 0 ? null : setup.repairDelay());
        root.put("events", setup.schedule().events().size());
        List<Object> list = new ArrayList<>();
        for (Simulation.FailureRow f : rows) {
            Map<String, Object> m = new LinkedHashMap<>(SimulateCommand.protocolJson(f.row()));
            m.put("messagesSent", f.sent());
            m.put("messagesLost", f.lost());
            m.put("lostFraction", f.lostFraction());
            m.put("partitionedSteps", f.partitionedSteps());
            m.put("repairedWith", f.repairedWith());
            m.put("repairs", f.repairs());
            m.put("treesRepaired", f.repairedTrees());
            m.put("repairSeconds", f.repairNanos() / 1e9);
            m.put("noFailure", SimulateCommand.protocolJson(f.noFailure()));
            list.add(m);
        }
        root.put("protocols", list);
        return root;
    }

    /** Regret against time with and without failures, the failure events marked as vertical lines. */
    static LinePlot plot(String title, Simulation.FailureSetup setup, List<Simulation.FailureRow> rows, int horizon) {
        LinePlot p = new LinePlot(title, "step t (OGD iterations)", "S-Reg(t) / t");
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Simulation.FailureRow f : rows) {
            for (Simulation.Row r : List.of(f.row(), f.noFailure())) {
                double[] tr = r.metrics().staticTrace();
                double[] x = new double[tr.length];
                for (int t = 1; t <= tr.length; t++) x[t - 1] = (double) t * horizon / tr.length;
                for (double v : tr) if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
                if (r == f.row()) p.line(r.protocol(), x, tr);
                else p.dashed(r.protocol() + " (no failures)", x, tr);
            }
        }
        if (!setup.schedule().isEmpty() && lo <= hi) {
            // One line for the events rather than a marker each: the share of links down at every step, drawn
            // from the bottom (none) to the top (all) of the regret range, so each failure and repair shows as a step.
            var net = setup.schedule().network();
            double[] x = new double[horizon], y = new double[horizon];
            for (int t = 1; t <= horizon; t++) {
                int down = 0;
                for (int e = 0; e < net.edgeCount(); e++) if (setup.schedule().isDown(e, t)) down++;
                x[t - 1] = t;
                y[t - 1] = lo + (hi - lo) * down / Math.max(1, net.edgeCount());
            }
            p.dashed("links down (share, bottom = 0, top = all)", x, y);
        }
        p.note("failures " + setup.schedule().events().size() + " link events" + (setup.repairDelay() < 0 ? ", no repair"
                : ", repair after " + setup.repairDelay() + " steps"));
        return p;
    }
}
