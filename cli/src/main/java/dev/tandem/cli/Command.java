package dev.tandem.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The CLI's commands: what each takes, and whether it changes the migration (and so needs a reason). */
public enum Command {
    STATUS("show the phase, where reads go, auto-cutover and ramp, rollback readiness, the guards of the next step",
            Set.of(), false),
    PHASE("move the migration to another phase (forward steps are checked by guards)",
            Set.of(Option.REASON, Option.FORCE, Option.DRY_RUN), true),
    READS("set the read flag (legacy, engine, auto) and the engine ramp, effective at once",
            Set.of(Option.REASON, Option.RAMP, Option.DRY_RUN), true),
    ROLLBACK("send every read back to legacy now (the one-command rollback: flag legacy)",
            Set.of(Option.REASON, Option.DRY_RUN), true),
    CUTOVER("switch the automatic cutover on or off: reads move to the engine by the ramp when the guards hold",
            Set.of(Option.REASON, Option.DRY_RUN), true),
    AUDIT("list every change of phase, flag and ramp: who, when, why, from, to",
            Set.of(Option.LIMIT), false),
    DIVERGENCE("list settled divergence: token ids whose stores disagree, most severe first",
            Set.of(Option.SEVERITY, Option.LIMIT), false),
    CHECKER("show the consistency checker: lag per store, events/s, pending and settled counts",
            Set.of(), false),
    REPAIR("repair token ids now: the phase's primary state is applied to the other store",
            Set.of(), false),
    BACKFILL("copy legacy's existing tokens into the engine: status, start, pause, resume, rate; progress and ETA",
            Set.of(Option.REASON, Option.RATE, Option.RESTART, Option.WAIT), false),
    VERIFY("compare both stores over every token id: exit 0 when they agree, 1 when they differ",
            Set.of(Option.REASON, Option.WAIT), false);

    /** The options every command takes, besides its own. */
    public static final List<Option> GLOBAL_OPTIONS = List.of(Option.URL, Option.OUTPUT, Option.HELP);

    private final String summary;
    private final Set<Option> options;
    private final boolean mutating;

    Command(String summary, Set<Option> options, boolean mutating) {
        this.summary = summary;
        this.options = options;
        this.mutating = mutating;
    }

    /** The name typed on the command line. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String summary() {
        return summary;
    }

    /**
     * Whether the command changes the control state: such commands require --reason and take --dry-run.
     * The bulk jobs (backfill, verify) change no control state; which of their actions need a reason
     * is {@link CommandLine}'s to say.
     */
    public boolean mutating() {
        return mutating;
    }

    /** Whether {@code option} is valid for this command. */
    public boolean takes(Option option) {
        return GLOBAL_OPTIONS.contains(option) || options.contains(option);
    }

    /** The valid options of this command, in the order help lists them. */
    public List<Option> validOptions() {
        return Arrays.stream(Option.values()).filter(this::takes).toList();
    }

    public static Optional<Command> fromWord(String word) {
        for (Command command : values()) {
            if (command.word().equals(word)) {
                return Optional.of(command);
            }
        }
        return Optional.empty();
    }

    /** The command words, comma-separated, for messages. */
    public static String words() {
        return String.join(", ", Arrays.stream(values()).map(Command::word).toList());
    }

    /** A command-line option; {@link #takesValue()} says whether a value follows it. */
    public enum Option {
        REASON("--reason", null, "TEXT", "why, in your words; kept in the audit (required)"),
        FORCE("--force", null, null, "step over failing guards; audited as forced"),
        RAMP("--ramp", null, "N", "share of tokens, 0 to 100, read from the engine in READ_ENGINE with flag auto"),
        DRY_RUN("--dry-run", null, null, "print what would change and the guard verdicts; change nothing"),
        LIMIT("--limit", null, "N", "audit: only the newest N changes; divergence: at most N ids (1 to 1000, default 100)"),
        SEVERITY("--severity", null, "S", "only this severity: critical, major or minor"),
        RATE("--rate", null, "N", "rows per second, 0 for no limit (start, resume; rate changes it while running)"),
        RESTART("--restart", null, null, "start: copy again from the first id, also after DONE"),
        WAIT("--wait", null, null, "follow the job with a progress bar until it ends"),
        URL("--url", null, "URL", "the orchestrator (default: the instances in .tandem/endpoints.env, else "
                + Settings.DEFAULT_URL + ")"),
        OUTPUT("--output", "-o", "human|json", "json prints the orchestrator's JSON for scripts (default human)"),
        HELP("--help", "-h", null, "show this help");

        private final String longName;
        private final String shortName;
        private final String valueName;
        private final String help;

        Option(String longName, String shortName, String valueName, String help) {
            this.longName = longName;
            this.shortName = shortName;
            this.valueName = valueName;
            this.help = help;
        }

        public String longName() {
            return longName;
        }

        public boolean takesValue() {
            return valueName != null;
        }

        /** How help shows it: {@code -o, --output human|json}. */
        public String synopsis() {
            return (shortName == null ? "" : shortName + ", ") + longName + (valueName == null ? "" : " " + valueName);
        }

        public String help() {
            return help;
        }

        static Optional<Option> named(String name) {
            for (Option option : values()) {
                if (option.longName.equals(name) || name.equals(option.shortName)) {
                    return Optional.of(option);
                }
            }
            return Optional.empty();
        }
    }
}
