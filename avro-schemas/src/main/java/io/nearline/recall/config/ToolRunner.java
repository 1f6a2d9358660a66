package io.nearline.recall.config;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Runs a command-line tool (a picocli command) the way every tool here runs: {@code --help} prints the usage and
 * exits 0; a bad argument, or a value an options class refuses, is one line on stderr and exit 2, never a stack
 * trace.
 */
public final class ToolRunner {

    /** Exit status of a bad argument. */
    public static final int USAGE = 2;

    /** A command that also takes a group of documented options, each as {@code --KEY=VALUE}. */
    public interface TakesOptions {
        /** The options the command takes; {@code --help} lists each with its description and default. */
        Collection<? extends ConfigOption<?>> options();

        /** Where the values given are put, under their keys. */
        Map<String, String> optionValues();

        /** The start of every key that its flag leaves out ({@code server.} makes {@code --port} of {@code server.port}). */
        default String flagPrefix() {
            return "";
        }
    }

    private ToolRunner() {
    }

    /** Runs {@code command} on {@code args} and exits the JVM with its status. */
    public static void exit(Object command, String... args) {
        System.exit(run(command, args));
    }

    /** Runs {@code command} on {@code args} with the process's output streams; returns the exit status. */
    public static int run(Object command, String... args) {
        return run(command, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs {@code command} on {@code args}, printing to {@code out} and {@code err}; returns the exit status. */
    public static int run(Object command, PrintWriter out, PrintWriter err, String... args) {
        CommandLine line = commandLine(command);
        line.setOut(out);
        line.setErr(err);
        line.setParameterExceptionHandler((e, given) -> {
            e.getCommandLine().getErr().println(oneLine(e.getCommandLine(), e.getMessage()));
            return USAGE;
        });
        line.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println(oneLine(commandLine, e.getMessage()));
                return USAGE;
            }
            throw e;
        });
        return line.execute(args);
    }

    /** The command line of {@code command}, with the options of a {@link TakesOptions} added. */
    public static CommandLine commandLine(Object command) {
        CommandLine line = new CommandLine(command);
        line.getCommandSpec().usageMessage().abbreviateSynopsis(true);
        if (command instanceof TakesOptions takes) {
            addOptions(line, takes.options(), takes.optionValues(), takes.flagPrefix());
        }
        return line;
    }

    /**
     * Parses {@code args} into the command of {@code line} for a main that runs on its own terms (a Flink job's main
     * must not exit the JVM when it succeeds): {@code --help} prints the usage and returns false; a bad argument
     * prints one line on stderr and exits 2.
     */
    public static boolean parseOrExit(CommandLine line, String... args) {
        try {
            line.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println(oneLine(line, e.getMessage()));
            System.exit(USAGE);
        }
        return !CommandLine.printHelpIfRequested(line.getParseResult());
    }

    /** Prints a refused argument value as {@link #run} does, and exits 2. */
    public static void exitRefused(CommandLine line, IllegalArgumentException e) {
        System.err.println(oneLine(line, e.getMessage()));
        System.exit(USAGE);
    }

    /**
     * Parses {@code args} into {@code command} without running it, for code that takes a tool's arguments.
     *
     * @throws IllegalArgumentException naming the bad argument
     */
    public static void parse(Object command, String... args) {
        try {
            commandLine(command).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static void addOptions(CommandLine line, Collection<? extends ConfigOption<?>> options,
                                   Map<String, String> values, String prefix) {
        for (ConfigOption<?> option : options) {
            String flag = option.key().startsWith(prefix) ? option.key().substring(prefix.length()) : option.key();
            line.getCommandSpec().addOption(OptionSpec.builder("--" + flag)
                    .paramLabel("VALUE").type(String.class)
                    .description(OptionValues.description(option) + " (default: "
                            + OptionValues.defaultText(option) + ")")
                    .setter(new CommandLine.Model.ISetter() {
                        @Override
                        public <T> T set(T value) {
                            if (value != null) { // picocli sets every option to its (absent) default first
                                values.put(option.key(), (String) value);
                            }
                            return null;
                        }
                    })
                    .build());
        }
    }

    private static String oneLine(CommandLine line, String message) {
        String text = message == null ? "bad argument" : message.replace('\n', ' ').strip();
        return line.getCommandName() + ": " + text + " (--help lists the arguments)";
    }
}
