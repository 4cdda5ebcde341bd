package dev.tandem.launcher.command;

import dev.tandem.commandline.UsageException;

/** A whole-number option's range, said the way every Tandem command says it. */
final class Bounds {

    private Bounds() {
    }

    static void check(String option, long value, long min, long max) throws UsageException {
        if (value < min || value > max) {
            throw new UsageException("invalid " + option + " '" + value + "' (valid: a whole number from " + min
                    + " to " + max + ")");
        }
    }
}
