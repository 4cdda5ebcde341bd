package dev.tandem.cli;

import dev.tandem.admin.client.AdminCall;
import dev.tandem.admin.client.AdminClient;
import dev.tandem.admin.client.Answer;

import java.io.PrintStream;

/**
 * What a parsed command runs with: the client of the resolved orchestrator, the settings (for
 * messages), the streams and how {@code --wait} follows a job. Prints answers and failures.
 */
record Session(AdminClient client, Settings settings, PrintStream out, PrintStream err, Follow follow) {

    /** Prints {@code response} to {@code command} as asked ({@code -o}); answers the exit code. */
    <T> int report(AdminCommand.OneCall<T> command, Answer<T> response) {
        if (!response.ok()) {
            return failure(command, response);
        }
        if (command.json()) {
            out.println(response.prettyJson());
            return response.unreadable() == null ? command.exitCode(response.value()) : ExitCode.DONE;
        }
        if (response.unreadable() != null) {
            err.println("tandem: " + response.unreadable());
            return ExitCode.USAGE_OR_CONNECTION;
        }
        out.print(command.human(response.value()));
        return command.exitCode(response.value());
    }

    /** Prints why {@code response} (not 2xx) failed; answers the exit code: 1 for a refusal (409), else 2. */
    int failure(AdminCommand command, Answer<?> response) {
        AdminCall<?> request = response.call();
        String call = request.method() + " " + request.path();
        switch (response.status()) {
            case 409 -> {
                if (command.json()) {
                    out.println(response.prettyJson());
                } else {
                    err.print(HumanOutput.refusal(command.word(), response.problem()));
                }
                return ExitCode.REFUSED;
            }
            case 401 -> err.println("tandem: " + response.url() + " rejected the admin token from " + settings.tokenSource()
                    + " (401): " + response.detail());
            case 403 -> err.println("tandem: " + response.url() + " refused " + command.word() + " to this admin token"
                    + " (403): " + response.detail());
            case 404 -> err.println("tandem: " + response.url() + " has no " + request.path()
                    + " (404): is it a Tandem orchestrator of this version? " + response.detail());
            default -> err.println("tandem: " + response.url() + " answered " + response.status() + " to " + call + ": "
                    + response.detail());
        }
        return ExitCode.USAGE_OR_CONNECTION;
    }
}
