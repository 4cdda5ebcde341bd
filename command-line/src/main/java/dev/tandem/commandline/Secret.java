package dev.tandem.commandline;

import java.util.Map;

/**
 * A secret an entry point takes from an environment variable only: a command line is readable by
 * every user of the host in the process list. {@link Commands#run} refuses {@link #option()} on the
 * command line with a message that names the variable to use instead.
 *
 * @param option   the option a user might try, e.g. {@code --legacy-password}
 * @param variable the environment variable that holds the secret
 */
public record Secret(String option, String variable) {

    /** The secret, which may be empty; a usage error when the variable is not set at all. */
    public String required(Map<String, String> environment) throws UsageException {
        String value = environment.get(variable);
        if (value == null) {
            throw new UsageException("missing " + variable + " in the environment (valid: any text, may be empty)");
        }
        return value;
    }

    /** The secret, or {@code fallback} when the variable is not set. */
    public String orElse(Map<String, String> environment, String fallback) {
        return environment.getOrDefault(variable, fallback);
    }

    String refusal() {
        return option + " is not taken (every user of this host could read it in the process list): set " + variable
                + " in the environment instead";
    }
}
