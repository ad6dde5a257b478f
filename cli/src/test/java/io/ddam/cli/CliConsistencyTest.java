package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One vocabulary and one look across the command line: walks every subcommand and fails on an option
 * or parameter without a label, a help line wider than the width picocli renders help at, a description
 * hard-wrapped by hand (a line that continues the previous one's sentence), or a command that prints
 * results without {@code --format json}.
 */
class CliConsistencyTest {
    /**
     * The commands that do not print results: the root, groups, help, completion, and generate (which
     * writes an instance file). Every other command prints results, so scripts need them as JSON too; a
     * new command is a results command unless it is added here.
     */
    private static final Set<String> NOT_RESULTS = Set.of("ddam", "ddam help", "ddam bench", "ddam generate", "ddam completion");

    private static List<CommandLine> allCommands() {
        List<CommandLine> out = new ArrayList<>();
        walk(Main.withAllCommands(), out);
        return out;
    }

    private static void walk(CommandLine c, List<CommandLine> out) {
        out.add(c);
        for (Map.Entry<String, CommandLine> e : c.getSubcommands().entrySet()) {
            if (e.getKey().equals(e.getValue().getCommandName())) walk(e.getValue(), out);   // aliases once
        }
    }

    private static String path(CommandSpec spec) {
        return spec.qualifiedName();
    }

    @Test
    void everyOptionAndParameterThatTakesAValueHasALabel() {
        List<String> problems = new ArrayList<>();
        for (CommandLine c : allCommands()) {
            for (ArgSpec a : c.getCommandSpec().args()) {
                if (a.arity().max() == 0) continue;   // flags take no value
                String label = a.paramLabel();
                if (label == null || label.isBlank() || label.startsWith("<")) {
                    String name = a instanceof OptionSpec o ? o.longestName() : "positional " + a.paramLabel();
                    problems.add(path(c.getCommandSpec()) + " " + name + " has no parameter label");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyHelpLineFitsTheWidthPicocliUses() {
        List<String> problems = new ArrayList<>();
        for (CommandLine c : allCommands()) {
            int width = c.getUsageHelpWidth();
            for (String line : c.getUsageMessage(CommandLine.Help.Ansi.OFF).split("\\R")) {
                if (line.length() > width) {
                    problems.add(path(c.getCommandSpec()) + " (" + line.length() + " > " + width + "): " + line);
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void noDescriptionIsHardWrappedByHand() {
        List<String> problems = new ArrayList<>();
        for (CommandLine c : allCommands()) {
            CommandSpec spec = c.getCommandSpec();
            check(path(spec) + " description", spec.usageMessage().description(), problems);
            for (ArgSpec a : spec.args()) check(path(spec) + " " + a.paramLabel(), a.description(), problems);
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /**
     * A line continues the one before it (so picocli should have wrapped one longer line) when it is not
     * indented and starts with a lower-case letter, or when the line before ends without . : ! ?
     */
    private static void check(String where, String[] lines, List<String> problems) {
        for (int i = 1; i < lines.length; i++) {
            String prev = lines[i - 1], line = lines[i];
            // Blank lines separate paragraphs; indented lines are table rows, laid out by hand on purpose.
            if (prev.isBlank() || line.isBlank() || Character.isWhitespace(line.charAt(0)) || Character.isWhitespace(prev.charAt(0))) continue;
            char end = prev.stripTrailing().charAt(prev.stripTrailing().length() - 1);
            if (Character.isLowerCase(line.charAt(0)) || ".:!?".indexOf(end) < 0) {
                problems.add(where + ": line " + (i + 1) + " continues the one before (let picocli wrap it): \"" + line + "\"");
            }
        }
    }

    @Test
    void everyResultsCommandHasFormatJson() {
        List<String> problems = new ArrayList<>();
        int found = 0;
        for (CommandLine c : allCommands()) {
            String name = path(c.getCommandSpec());
            if (NOT_RESULTS.contains(name)) continue;
            found++;
            OptionSpec format = c.getCommandSpec().findOption("--format");
            boolean json = false;
            if (format != null && format.completionCandidates() != null) {
                for (String v : format.completionCandidates()) json |= v.equals("json");
            }
            if (!json) problems.add(name + " prints results but has no --format json");
        }
        assertTrue(found >= 10, "found only " + found + " results commands");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
