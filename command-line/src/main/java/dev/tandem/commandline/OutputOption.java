package dev.tandem.commandline;

import picocli.CommandLine.Option;

/**
 * {@code -o, --output text|json} ({@code @Mixin}) for a command whose result a script may read: JSON
 * on stdout, and then everything else (progress, summaries) on stderr.
 */
public final class OutputOption {
    /** The formats; lower case, as they are typed. */
    public enum Format { text, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", order = 90,
            description = "text, or json for scripts: the result alone on stdout (default ${DEFAULT-VALUE})")
    Format format = Format.text;

    public boolean json() {
        return format == Format.json;
    }
}
