package dev.tandem.commandline;

import picocli.CommandLine.Option;

/** {@code -h, --help} for every command ({@code @Mixin}); picocli prints the help from the definitions. */
public final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, order = 0, description = "show this help and exit")
    boolean help;
}
