package dev.tandem.commandline;

import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs a picocli command the way every Tandem entry point behaves: exit code 0 done, 1 refused or
 * differs (the command's own answer, or a {@link CommandFailure}), {@value #USAGE} bad usage; a usage error is one line
 * {@code PREFIX: message} on stderr, naming the option, the value and what is valid, never a stack
 * trace nor the whole help (which {@code --help} prints, generated from the same definitions).
 */
public final class Commands {
    public static final int DONE = CommandLine.ExitCode.OK;
    /** A {@link CommandFailure}: the command was refused or failed. */
    public static final int FAILED = 1;
    public static final int USAGE = CommandLine.ExitCode.USAGE;
    private static final int HELP_WIDTH = 110;
    /** The order of the help: options' {@code order}, else as declared (the sort is stable). */
    private static final Comparator<ArgSpec> IN_HELP_ORDER = Comparator.comparingInt(
            arg -> arg instanceof OptionSpec option ? option.order() : Integer.MAX_VALUE);

    private Commands() {
    }

    /**
     * Parses {@code args} into {@code command} and runs it ({@link java.util.concurrent.Callable} of
     * Integer, or Runnable); answers its exit code.
     *
     * @param prefix  what the error lines start with (a subcommand's name is added to it)
     * @param secrets options refused on the command line, each with the variable to set instead
     */
    public static int run(String prefix, Object command, String[] args, PrintStream out, PrintStream err,
                          List<Secret> secrets) {
        return run(prefix, new CommandLine(command), args, out, err, secrets);
    }

    /** As {@link #run(String, Object, String[], PrintStream, PrintStream, List)}, for a command built further in code. */
    public static int run(String prefix, CommandLine commandLine, String[] args, PrintStream out, PrintStream err,
                          List<Secret> secrets) {
        commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        commandLine.getCommandSpec().exitCodeOnInvalidInput(USAGE); // also what the handler below answers
        commandLine.setUsageHelpWidth(HELP_WIDTH);
        unsorted(commandLine);
        commandLine.setParameterExceptionHandler((e, ignored) -> {
            err.println(prefix(prefix, e.getCommandLine()) + ": " + message(e, secrets));
            return USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, failed, parsed) -> {
            if (e instanceof UsageException) {
                err.println(prefix(prefix, failed) + ": " + e.getMessage());
                return USAGE;
            }
            if (e instanceof CommandFailure) {
                err.println(prefix + ": " + e.getMessage());
                return FAILED;
            }
            throw e;
        });
        return commandLine.execute(args);
    }

    /** {@link #run(String, Object, String[], PrintStream, PrintStream, List)} without secrets. */
    public static int run(String prefix, Object command, String[] args, PrintStream out, PrintStream err) {
        return run(prefix, command, args, out, err, List.of());
    }

    /** Options in the help in the order they are declared, which groups them by meaning. */
    private static void unsorted(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage().sortOptions(false).sortSynopsis(false);
        commandLine.getSubcommands().values().forEach(Commands::unsorted);
    }

    /** {@code prefix} and the words of the failed command below the root: "tandem apps create". */
    private static String prefix(String prefix, CommandLine failed) {
        return failed == null || failed.getParent() == null ? prefix
                : prefix(prefix, failed.getParent()) + " " + failed.getCommandName();
    }

    /** Picocli's parse errors in Tandem's wording; the commands' own messages as they are. */
    public static String message(ParameterException e, List<Secret> secrets) {
        // Picocli checks required options before it reports unknown ones; a typo is the likelier cause.
        List<String> unmatched = e instanceof UnmatchedArgumentException u ? u.getUnmatched()
                : e.getCommandLine() == null ? List.of() : e.getCommandLine().getUnmatchedArguments();
        if (!unmatched.isEmpty() && (e instanceof UnmatchedArgumentException || e instanceof MissingParameterException)) {
            String first = unmatched.get(0);
            String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
            for (Secret secret : secrets) {
                if (secret.option().equals(name)) {
                    return secret.refusal();
                }
            }
            return first.startsWith("-")
                    ? "unknown option '" + Values.abbreviate(first) + "' (valid: " + validOptions(e.getCommandLine().getCommandSpec()) + ")"
                    : "unexpected argument '" + Values.abbreviate(first) + "'";
        }
        if (e instanceof MissingParameterException missing) {
            // A required group of exclusive options: "Error: Missing required argument (specify one of these): (--a | --b)".
            if (e.getMessage().startsWith("Error: Missing required argument")) {
                return "missing " + e.getMessage().substring(e.getMessage().indexOf("): ") + 3).replace("(", "")
                        .replace(")", "").replace(" | ", " or ");
            }
            if (e.getMessage().startsWith("Missing required parameter: ") || e.getMessage().startsWith("Missing required parameters: ")) {
                return "missing " + missing.getMissing().stream().map(Commands::name).collect(Collectors.joining(", "));
            }
            if (e.getMessage().startsWith("Missing required option")) {
                return "missing " + missing.getMissing().stream().sorted(IN_HELP_ORDER).map(Commands::name)
                        .collect(Collectors.joining(", "));
            }
            ArgSpec option = e.getArgSpec() != null ? e.getArgSpec()
                    : missing.getMissing().isEmpty() ? null : missing.getMissing().get(0);
            if (option != null) {
                return "option " + name(option) + " needs a value";
            }
        }
        if (e.getCause() instanceof TypeConversionException && e.getArgSpec() != null) {
            Class<?> type = e.getArgSpec().type();
            String valid = type == int.class || type == long.class || type == Integer.class || type == Long.class
                    ? "a whole number"
                    : type.isEnum() ? Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "))
                    : e.getCause().getMessage();
            return "invalid " + name(e.getArgSpec()) + " '" + Values.abbreviate(e.getValue()) + "' (valid: " + valid + ")";
        }
        String message = e.getMessage().startsWith("Error: ") ? e.getMessage().substring(7) : e.getMessage();
        return message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    private static String validOptions(CommandSpec spec) {
        return spec.options().stream().filter(option -> !option.hidden() && !option.usageHelp() && !option.versionHelp())
                .sorted(IN_HELP_ORDER).map(OptionSpec::longestName).collect(Collectors.joining(", "));
    }

    private static String name(ArgSpec arg) {
        return arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
    }
}
