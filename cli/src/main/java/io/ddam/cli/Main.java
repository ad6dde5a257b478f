package io.ddam.cli;

import io.ddam.solver.DdamInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;

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
        subcommands = {CompareCommand.class, InfoCommand.class, GenerateCommand.class, TreesCommand.class, SteinerCommand.class, SimulateCommand.class,
                ReproduceCommand.class, CompletionCommand.class,
                BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
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
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
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
        return cl.execute(args);
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
