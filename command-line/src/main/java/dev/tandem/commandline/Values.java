package dev.tandem.commandline;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.util.Locale;

/**
 * Checks of option values that picocli's types do not make, with Tandem's wording (the option, the
 * value and what is valid). Call them from an {@code @Option}-annotated setter: picocli then reports
 * the exception as a parse error of that option.
 */
public final class Values {
    private static final int LONGEST_ECHO = 40;

    private Values() {
    }

    /** {@code value} as a whole number from {@code min} to {@code max}. */
    public static long whole(CommandSpec spec, String option, String value, long min, long max) {
        if (value != null && value.matches("[0-9]{1,18}")) {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        }
        throw invalid(spec, option, value, String.format(Locale.ROOT, "a whole number from %d to %d", min, max));
    }

    /** A parse error of {@code option}: {@code invalid OPTION 'VALUE' (valid: VALID)}. */
    public static ParameterException invalid(CommandSpec spec, String option, String value, String valid) {
        return new ParameterException(spec.commandLine(), "invalid " + option + " '" + abbreviate(value) + "' (valid: "
                + valid + ")");
    }

    /** Values are echoed in usage errors, but never at length. */
    public static String abbreviate(String value) {
        return value == null || value.length() <= LONGEST_ECHO ? value : value.substring(0, LONGEST_ECHO) + "…";
    }
}
