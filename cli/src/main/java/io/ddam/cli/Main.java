package io.ddam.cli;

import io.ddam.solver.DdamInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code ddam} command line: one subcommand class per task. Exit codes follow the project's
 * contract (DESIGN.md): 0 success, 2 bad input or usage (one line {@code error: …}), 1 internal
 * fault. Stack traces appear only with {@code --debug}.
 */
@Command(name = "ddam",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
                "Routing-tree design and online learning for distributed associative memory.",
                "",
                "Start with 'ddam compare instances/synthetic20.json': trees by every designer, then every protocol.",
                "'ddam info <instance>' looks at a network, 'ddam reproduce all --quick' redoes the paper's figures."},
        subcommands = {})
public final class Main implements Runnable {
    /**
     * The subcommands, in the order {@code ddam --help} lists them. They are added by {@link #run} rather
     * than through the {@code @Command} annotation so that a command line naming one of them builds only
     * that one: picocli reads every option of every command by reflection when it is added, which was
     * most of the start-up time of a short command.
     */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("compare", CompareCommand::new);
        m.put("crossover", CrossoverCommand::new);
        m.put("info", InfoCommand::new);
        m.put("generate", GenerateCommand::new);
        m.put("trees", TreesCommand::new);
        m.put("steiner", SteinerCommand::new);
        m.put("simulate", SimulateCommand::new);
        m.put("reproduce", ReproduceCommand::new);
        m.put("sweep", SweepCommand::new);
        m.put("completion", CompletionCommand::new);
        m.put("bench", BenchCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return m;
    }

    /**
     * The whole command line with every subcommand added (what {@code ddam --help} lists), for
     * {@code ddam completion} and the consistency tests, which need all commands, not only the one run.
     *
     * @return a new command line
     */
    static CommandLine withAllCommands() {
        CommandLine cl = new CommandLine(new Main());
        for (Map.Entry<String, Supplier<Object>> e : COMMANDS.entrySet()) cl.addSubcommand(e.getKey(), e.getValue().get());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** Exit code for success. */
    public static final int OK = 0;
    /** Exit code for an internal fault (a bug in ddam). */
    public static final int INTERNAL = 1;
    /** Exit code for bad input or usage. */
    public static final int BAD_INPUT = 2;

    static boolean debug;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print stack traces for errors (for bug reports).")
    void setDebug(boolean d) { debug = d; }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /**
     * The {@code ddam} command: runs {@link #run(String[], PrintWriter, PrintWriter)} on the standard
     * streams and exits with its code.
     *
     * @param args the command line, e.g. {@code trees instances/synthetic20.json --designer spt}
     */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line with the given streams and returns the exit code (used by tests).
     *
     * @param args the command line without the program name
     * @param out  where results and help go
     * @param err  where errors go (one line {@code error: …}; a stack trace only with {@code --debug})
     * @return 0 on success, 2 on bad input or usage, 1 on an internal fault
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        debug = false;
        for (String a : args) if (a.equals("--debug")) debug = true;
        CommandLine cl = new CommandLine(new Main());
        String first = null;
        for (String a : args) {
            if (!a.startsWith("-")) {
                first = a;
                break;
            }
        }
        boolean versionOnly = first == null && args.length > 0 && (args[0].equals("--version") || args[0].equals("-V"));
        if (first != null && COMMANDS.containsKey(first) && !first.equals("help")) {
            cl.addSubcommand(first, COMMANDS.get(first).get());
        } else if (!versionOnly) { // help, no command, or an unknown one: all of them (for the listing and the error)
            for (Map.Entry<String, Supplier<Object>> e : COMMANDS.entrySet()) cl.addSubcommand(e.getKey(), e.getValue().get());
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionStrategy(parsed -> {
            // Output locations are checked before any work: a run must not compute for minutes and then
            // find that it cannot write its result.
            CommandLine.ParseResult last = parsed;
            while (last.hasSubcommand()) last = last.subcommand();
            try {
                OutputOptions.checkOutputs(last.commandSpec());
            } catch (DdamInputException e) {
                throw new CommandLine.ExecutionException(last.commandSpec().commandLine(), e.getMessage(), e);
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            String help = ex.getCommandLine().getCommandName();
            CommandLine c = ex.getCommandLine();
            StringBuilder path = new StringBuilder(help);
            for (CommandLine p = c.getParent(); p != null; p = p.getParent()) path.insert(0, p.getCommandName() + " ");
            err.println("error: " + ex.getMessage() + " (see '" + path + " --help')");
            err.flush();
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            Throwable t = ex;
            if (t instanceof DdamInputException die) {
                err.println("error: " + die.getMessage());
                if (debug) die.printStackTrace(err);
                err.flush();
                return BAD_INPUT;
            }
            for (Throwable cause = t; cause != null; cause = cause.getCause()) {
                if (cause instanceof OutOfMemoryError) return outOfMemory(err); // also from a worker thread
            }
            if (t instanceof CommandLine.ParameterException pe) {
                err.println("error: " + pe.getMessage());
                err.flush();
                return BAD_INPUT;
            }
            err.println("internal error: " + t + (debug ? "" : " (rerun with --debug for the stack trace)"));
            if (debug) t.printStackTrace(err);
            err.flush();
            return INTERNAL;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            return outOfMemory(err);
        }
    }

    /**
     * A genuine OutOfMemoryError (one the input budgets did not foresee): one line, exit 1, no trace.
     * The work that ran out is unreachable by now, so printing the line has memory to spare.
     */
    private static int outOfMemory(PrintWriter err) {
        long max = Runtime.getRuntime().maxMemory() >> 20;
        err.println("error: out of memory (maximum heap " + max + " MiB); the input is too large for this heap: "
                + "raise it with DDAM_JAVA_OPTS=-Xmx<size>, e.g. -Xmx8g");
        err.flush();
        return INTERNAL;
    }

    /** Reads the version that Maven filtered into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/ddam-version.properties")) {
                if (in != null) p.load(in);
            } catch (IOException ignored) {
                // fall through to "unknown"
            }
            return new String[] {"ddam " + p.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
