package dev.tandem.cli;

import dev.tandem.commandline.UsageException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.util.Optional;

/**
 * The options every command takes ({@code @Mixin}): which orchestrator to ask, and how to print its
 * answer. {@code human} rather than the house's {@code text}: runbooks and scripts already say {@code -o human}.
 */
final class Connection {
    /** The formats, lower case as they are typed. */
    enum Output { human, json }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;
    @Option(names = {"-o", "--output"}, paramLabel = "human|json", order = 91,
            description = "json prints the orchestrator's JSON for scripts (default human)")
    Output output = Output.human;
    private Optional<URI> url = Optional.empty();

    @Option(names = "--url", paramLabel = "URL", order = 90,
            description = "the orchestrator (default: .tandem/endpoints.env, else " + Settings.DEFAULT_URL + ")")
    void url(String value) {
        try {
            url = Optional.of(Settings.parseUrl(value, "--url"));
        } catch (UsageException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    Optional<URI> url() {
        return url;
    }

    boolean json() {
        return output == Output.json;
    }
}
