package io.ddam.cli;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.generate.InterestSpec;
import io.ddam.solver.generate.NetworkGenerator;
import io.ddam.solver.generate.TerminalSets;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.NetworkStats;
import io.ddam.solver.io.DotWriter;
import io.ddam.solver.io.InstanceFiles;
import io.ddam.solver.io.JsonInstanceWriter;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ddam generate}: seeded instances (network + W) as JSON or Graphviz DOT. */
@Command(name = "generate",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        header = "Make a seeded instance: network and interest matrix W.",
        sortOptions = false,
        description = {
                "Make an instance: a network from a generator (or imported from a file) and an interest matrix W,"
                        + " written as ddam JSON (or Graphviz DOT). Every random draw comes from the seeds, so the same "
                        + "command always writes the same file.",
                "",
                "Network specs:   er:n=16,p=0.25[,seed=S]        connected Erdős–Rényi G(n,p), resampled until "
                        + "connected",
                "                 grid:rows=4,cols=5               4-neighbour grid",
                "                 waxman:n=20,alpha=0.4,beta=0.4[,seed=S]",
                "                 optional on all: delay=D | delay=A..B, cost=C | cost=A..B  (random ones are seeded)",
                "Interest specs:  dirichlet:y0=2,y1=10[,seed=S]   rows ~ Dir(y0,..,y1 at n,..,y0)  (method.md eq. 42)",
                "                 uniform                          W = 11ᵀ/N",
                "                 topk:k=3,y0=1,y1=5[,seed=S]      self + k heaviest others of a Dirichlet row",
                "",
                "Examples:",
                "  ddam generate --network er:n=16,p=0.25 --interest dirichlet:y0=10,y1=100 --seed 7 --out er16.json",
                "  ddam generate --from ../shared/data/topologies/Abilene.graphml --interest uniform --out "
                        + "abilene.json"})
public final class GenerateCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--network", paramLabel = "SPEC", required = true,
                description = "Network generator spec (see above).")
        String network;

        @Option(names = "--from", paramLabel = "FILE", required = true,
                description = "Import the network (and terminals) from an instance file: .json, .stp, .gr or .graphml.")
        Path from;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--interest", paramLabel = "SPEC",
            description = "Interest matrix spec (see above). Without it, W is kept from --from if it has one, else none is written.")
    String interest;

    @Option(names = "--seed", paramLabel = "S",
            description = "Seed for every spec that does not name its own seed=… (the network and W both use it).")
    Long seed;

    @Option(names = "--terminal-count", paramLabel = "K",
            description = "Also pick K terminals (for the Steiner solvers), uniformly without replacement, seeded by --seed (default 0).")
    Integer terminals;

    @Option(names = "--terminals", paramLabel = "K", hidden = true, description = "Deprecated spelling of --terminal-count.")
    void oldTerminals(int k) {
        OldSpellings.note(spec, "--terminals K", "--terminal-count K");
        terminals = k;
    }

    @Option(names = "--name", paramLabel = "NAME", description = "Instance name (default: derived from the spec or file).")
    String name;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
            description = "json (default) or dot (Graphviz; network only).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE (atomically) instead of standard output.")
    Path out;

    @Mixin
    GraphMLOptions graphml;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!fmt.equals("json") && !fmt.equals("dot")) {
            throw new DdamInputException("--format must be json or dot, not '" + format + "'");
        }
        Instance inst;
        if (source.network != null) {
            NetworkGenerator g = NetworkGenerator.parse(source.network, seed);
            inst = g.generate();
            if (name == null) name = g.spec().replace(':', '-').replace(',', '-').replace("=", "");
        } else {
            inst = InstanceFiles.read(source.from, graphml.options());
        }
        if (interest != null) inst = InterestSpec.parse(interest, seed).applyTo(inst);
        if (terminals != null) inst = inst.withTerminals(TerminalSets.random(inst.network().nodeCount(), terminals, seed == null ? 0 : seed));
        if (name != null) inst = new Instance(name, inst.network(), inst.interest().orElse(null), inst.terminals(), inst.metadata());

        String text = fmt.equals("dot") ? DotWriter.toDot(inst.network()) : JsonInstanceWriter.toJson(inst);
        if (out != null) {
            OutputOptions.writeAtomically(out, text);
            NetworkStats s = NetworkStats.of(inst.network());
            spec.commandLine().getErr().printf(Locale.ROOT, "wrote %s: %d nodes, %d edges, degree %d..%d, %s%n",
                    out, s.nodes(), s.edges(), s.minDegree(), s.maxDegree(),
                    inst.interest().isPresent() ? "W density " + String.format(Locale.ROOT, "%.3f", inst.interest().get().density()) : "no W");
        } else {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        }
        return Main.OK;
    }
}
