package dev.tandem.cli;

import dev.tandem.cli.Command.Option;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One parsed, validated invocation. Parsing fails with a {@link UsageException} whose message names
 * the option, the value and what is valid, before anything is sent to the orchestrator.
 *
 * @param command the command; null when only the general help was asked for
 * @param target  the phase ({@code phase}) or read flag ({@code reads}) in the API's spelling, {@code on} or
 *                {@code off} ({@code cutover auto}), the action of {@code backfill} (one of {@link #BACKFILL_ACTIONS}),
 *                {@code start} or {@code status} for {@code verify}; else null
 * @param ramp    {@code --ramp}, 0-100, or null when not given
 * @param limit   {@code --limit} of {@code audit}, or null when not given
 * @param reason  {@code --reason}; required by every mutating command
 * @param force   {@code --force}
 * @param dryRun  {@code --dry-run}
 * @param url     {@code --url}, when given
 * @param json    {@code -o json}
 * @param help     {@code --help}: print help, check nothing else
 * @param severity {@code --severity} of {@code divergence}, or null
 * @param ids      the token ids of {@code repair}; empty for other commands
 * @param rate     {@code --rate} of {@code backfill}: rows per second, 0 for no limit; null when not given
 * @param restart  {@code --restart} of {@code backfill start}
 * @param follow   {@code --wait}: follow the job until it ends
 */
public record CommandLine(Command command, String target, Integer ramp, Integer limit, String reason, boolean force,
                          boolean dryRun, Optional<URI> url, boolean json, boolean help, String severity,
                          List<String> ids, Integer rate, boolean restart, boolean follow) {

    public static final int MAX_RAMP = 100;
    /** The admin API's own bound on {@code ?limit=}. */
    public static final int MAX_LIMIT = 100_000;
    /** The admin API's bounds on {@code /admin/divergence?limit=} and on the ids of one repair. */
    public static final int MAX_DIVERGENCE_LIMIT = 1000;
    public static final int MAX_REPAIR_IDS = 100;
    public static final List<String> SEVERITIES = List.of("critical", "major", "minor");
    public static final List<String> BACKFILL_ACTIONS = List.of("status", "start", "pause", "resume", "rate");
    /** The backfill's own bound on a rate limit (BackfillSettings.MAX_ROWS_PER_SECOND). */
    public static final int MAX_RATE = 10_000_000;
    /** What {@code verify} sends when no {@code --reason} is given: starting a run changes nothing. */
    public static final String DEFAULT_VERIFY_REASON = "requested with ./tandem verify";

    /** Parses {@code args} as typed after {@code ./tandem}: the command first, then its argument and options. */
    public static CommandLine parse(String... args) throws UsageException {
        if (args.length == 0) {
            throw new UsageException("missing command (valid: " + Command.words() + ")");
        }
        if (args[0].equals("-h") || args[0].equals("--help")) {
            return new CommandLine(null, null, null, null, null, false, false, Optional.empty(), false, true, null, List.of(),
                    null, false, false);
        }
        Command command = Command.fromWord(args[0]).orElseThrow(() ->
                new UsageException("unknown command '" + args[0] + "' (valid: " + Command.words() + ")"));

        Map<Option, String> options = new EnumMap<>(Option.class);
        List<String> positional = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-") || arg.equals("-")) {
                positional.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String name = arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
            Option option = Option.named(name).filter(command::takes).orElseThrow(() -> new UsageException(
                    "unknown option '" + name + "' for " + command.word() + " (valid: " + optionNames(command) + ")"));
            if (options.containsKey(option)) {
                throw new UsageException("option " + option.longName() + " given twice");
            }
            String value = "";
            if (option.takesValue()) {
                if (name.length() < arg.length()) {
                    value = arg.substring(equals + 1);
                } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    value = args[++i];
                } else {
                    throw new UsageException("option " + option.longName() + " needs a value (" + option.synopsis() + ")");
                }
            } else if (name.length() < arg.length()) {
                throw new UsageException("option " + option.longName() + " takes no value, found '" + arg + "'");
            }
            options.put(option, value);
        }
        if (options.containsKey(Option.HELP)) {
            return new CommandLine(command, null, null, null, null, false, false, Optional.empty(), false, true, null, List.of(),
                    null, false, false);
        }
        List<String> ids = command == Command.REPAIR ? ids(positional) : List.of();
        String target = command == Command.REPAIR ? null : target(command, positional);
        String reason = switch (command) {
            case BACKFILL -> backfillOptions(target, options);
            case VERIFY -> verifyReason(target, options.get(Option.REASON));
            default -> reason(command, options.get(Option.REASON));
        };
        return new CommandLine(command, target,
                ramp(options.get(Option.RAMP)), limit(command, options.get(Option.LIMIT)),
                reason, options.containsKey(Option.FORCE),
                options.containsKey(Option.DRY_RUN), url(options.get(Option.URL)), json(options.get(Option.OUTPUT)),
                false, severity(options.get(Option.SEVERITY)), ids, rate(options.get(Option.RATE)),
                options.containsKey(Option.RESTART), options.containsKey(Option.WAIT));
    }

    private static String target(Command command, List<String> positional) throws UsageException {
        if (command == Command.CUTOVER) {
            return cutoverSwitch(positional);
        }
        if (command == Command.BACKFILL) {
            return backfillAction(positional);
        }
        if (command == Command.VERIFY) {
            if (positional.size() > 1 || positional.size() == 1 && !positional.get(0).equals("status")) {
                throw new UsageException("unexpected argument '" + positional.get(positional.get(0).equals("status") ? 1 : 0)
                        + "' for verify (usage: " + usage(Command.VERIFY) + ")");
            }
            return positional.isEmpty() ? "start" : "status";
        }
        int expected = command == Command.PHASE || command == Command.READS ? 1 : 0;
        if (positional.size() > expected) {
            throw new UsageException("unexpected argument '" + positional.get(expected) + "' for " + command.word()
                    + " (usage: " + usage(command) + ")");
        }
        if (command == Command.PHASE) {
            if (positional.isEmpty()) {
                throw new UsageException("phase needs the target phase (valid: " + String.join(", ", MigrationNames.PHASES) + ")");
            }
            String value = positional.get(0);
            return MigrationNames.phase(value).orElseThrow(() -> new UsageException(
                    "unknown phase '" + value + "' (valid: " + String.join(", ", MigrationNames.PHASES) + ")"));
        }
        if (command == Command.READS) {
            if (positional.isEmpty()) {
                throw new UsageException("reads needs the read flag (valid: " + String.join(", ", MigrationNames.READ_FLAGS) + ")");
            }
            String value = positional.get(0);
            return MigrationNames.readFlag(value).orElseThrow(() -> new UsageException(
                    "unknown read flag '" + value + "' (valid: " + String.join(", ", MigrationNames.READ_FLAGS) + ")"));
        }
        return null;
    }

    /** {@code cutover auto on|off}: answers {@code on} or {@code off}. */
    private static String cutoverSwitch(List<String> positional) throws UsageException {
        if (positional.isEmpty() || !positional.get(0).equals("auto")) {
            throw new UsageException((positional.isEmpty() ? "cutover needs what to set"
                    : "unknown cutover setting '" + positional.get(0) + "'") + " (valid: auto; usage: " + usage(Command.CUTOVER) + ")");
        }
        if (positional.size() < 2) {
            throw new UsageException("cutover auto needs on or off (usage: " + usage(Command.CUTOVER) + ")");
        }
        String value = positional.get(1).toLowerCase(java.util.Locale.ROOT);
        if (!value.equals("on") && !value.equals("off")) {
            throw new UsageException("invalid cutover auto '" + positional.get(1) + "' (valid: on, off)");
        }
        if (positional.size() > 2) {
            throw new UsageException("unexpected argument '" + positional.get(2) + "' for cutover (usage: "
                    + usage(Command.CUTOVER) + ")");
        }
        return value;
    }

    private static String backfillAction(List<String> positional) throws UsageException {
        String valid = " (valid: " + String.join(", ", BACKFILL_ACTIONS) + "; usage: " + usage(Command.BACKFILL) + ")";
        if (positional.isEmpty()) {
            throw new UsageException("backfill needs an action" + valid);
        }
        String action = positional.get(0).toLowerCase(java.util.Locale.ROOT);
        if (!BACKFILL_ACTIONS.contains(action)) {
            throw new UsageException("unknown backfill action '" + positional.get(0) + "'" + valid);
        }
        if (positional.size() > 1) {
            throw new UsageException("unexpected argument '" + positional.get(1) + "' for backfill (usage: "
                    + usage(Command.BACKFILL) + ")");
        }
        return action;
    }

    /**
     * Which backfill action takes which option; answers the reason, required by every action but
     * status (the orchestrator logs it with the caller's name).
     */
    private static String backfillOptions(String action, Map<Option, String> options) throws UsageException {
        onlyFor(action, options, Option.RATE, List.of("start", "resume", "rate"));
        onlyFor(action, options, Option.RESTART, List.of("start"));
        // A pause answers once the job has stopped; there is nothing left to follow.
        onlyFor(action, options, Option.WAIT, List.of("status", "start", "resume", "rate"));
        onlyFor(action, options, Option.REASON, List.of("start", "pause", "resume", "rate"));
        if (action.equals("rate") && !options.containsKey(Option.RATE)) {
            throw new UsageException("backfill rate needs --rate N (valid: rows per second from 0 to " + MAX_RATE
                    + ", 0 for no limit)");
        }
        if (action.equals("status")) {
            return null;
        }
        String value = options.get(Option.REASON);
        if (value == null) {
            throw new UsageException("missing --reason for backfill " + action + " (valid: any text saying why,"
                    + " e.g. --reason \"CHG-42 copy the old tokens\"; the orchestrator logs it)");
        }
        return nonBlank(value);
    }

    private static void onlyFor(String action, Map<Option, String> options, Option option, List<String> actions)
            throws UsageException {
        if (options.containsKey(option) && !actions.contains(action)) {
            throw new UsageException("option " + option.longName() + " is not for backfill " + action
                    + " (valid with: " + String.join(", ", actions) + ")");
        }
    }

    private static String verifyReason(String target, String value) throws UsageException {
        if (target.equals("status")) {
            if (value != null) {
                throw new UsageException("option --reason is not for verify status, which starts nothing"
                        + " (valid with: ./tandem verify --reason TEXT)");
            }
            return null;
        }
        return value == null ? DEFAULT_VERIFY_REASON : nonBlank(value);
    }

    private static Integer rate(String value) throws UsageException {
        return value == null ? null : wholeNumber("--rate", value, 0, MAX_RATE);
    }

    private static Integer ramp(String value) throws UsageException {
        return value == null ? null : wholeNumber("--ramp", value, 0, MAX_RAMP);
    }

    private static Integer limit(Command command, String value) throws UsageException {
        return value == null ? null
                : wholeNumber("--limit", value, 1, command == Command.DIVERGENCE ? MAX_DIVERGENCE_LIMIT : MAX_LIMIT);
    }

    private static String severity(String value) throws UsageException {
        if (value == null || SEVERITIES.contains(value)) {
            return value;
        }
        throw new UsageException("invalid --severity '" + value + "' (valid: " + String.join(", ", SEVERITIES) + ")");
    }

    /**
     * The ids of {@code repair}: token ids are hashes, 64 lowercase hex characters. Anything else is
     * refused by its position, and echoed only when it is hex: it may be a raw token pasted by mistake.
     */
    private static List<String> ids(List<String> positional) throws UsageException {
        if (positional.isEmpty() || positional.size() > MAX_REPAIR_IDS) {
            throw new UsageException("repair needs 1 to " + MAX_REPAIR_IDS + " token ids, found " + positional.size()
                    + " (usage: " + usage(Command.REPAIR) + ")");
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < positional.size(); i++) {
            String id = positional.get(i);
            if (!id.matches("[0-9a-f]{64}")) {
                String shown = id.matches("[0-9A-Fa-f]{1,80}") ? "'" + id + "'" : "of " + id.length() + " characters";
                throw new UsageException("invalid token id " + (i + 1) + " " + shown
                        + " (valid: 64 lowercase hex characters, the SHA-256 of the token, never the token itself)");
            }
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static int wholeNumber(String option, String value, int min, int max) throws UsageException {
        if (value.strip().matches("[0-9]{1,9}")) {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        }
        throw new UsageException("invalid " + option + " '" + value + "' (valid: a whole number from " + min + " to " + max + ")");
    }

    private static String reason(Command command, String value) throws UsageException {
        if (!command.mutating()) {
            return null;
        }
        if (value == null) {
            throw new UsageException("missing --reason for " + command.word()
                    + " (valid: any text saying why, e.g. --reason \"INC-123 engine p99 high\"; it is kept in the audit)");
        }
        return nonBlank(value);
    }

    private static String nonBlank(String reason) throws UsageException {
        if (reason.isBlank()) {
            throw new UsageException("invalid --reason '" + reason + "' (valid: any text that is not blank)");
        }
        return reason.strip();
    }

    private static Optional<URI> url(String value) throws UsageException {
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(Settings.parseUrl(value, "--url"));
    }

    private static boolean json(String value) throws UsageException {
        if (value == null || value.equals("human")) {
            return false;
        }
        if (value.equals("json")) {
            return true;
        }
        throw new UsageException("invalid --output '" + value + "' (valid: human, json)");
    }

    private static String optionNames(Command command) {
        return String.join(", ", command.validOptions().stream().map(Option::longName).toList());
    }

    /** The one-line synopsis of {@code command}. */
    public static String usage(Command command) {
        return switch (command) {
            case STATUS -> "./tandem status [-o json] [--url URL]";
            case PHASE -> "./tandem phase <PHASE> --reason TEXT [--force] [--dry-run] [-o json] [--url URL]";
            case READS -> "./tandem reads legacy|engine|auto [--ramp N] --reason TEXT [--dry-run] [-o json] [--url URL]";
            case ROLLBACK -> "./tandem rollback --reason TEXT [--dry-run] [-o json] [--url URL]";
            case CUTOVER -> "./tandem cutover auto on|off --reason TEXT [--dry-run] [-o json] [--url URL]";
            case AUDIT -> "./tandem audit [--limit N] [-o json] [--url URL]";
            case DIVERGENCE -> "./tandem divergence [--severity critical|major|minor] [--limit N] [-o json] [--url URL]";
            case CHECKER -> "./tandem checker [-o json] [--url URL]";
            case REPAIR -> "./tandem repair ID... [-o json] [--url URL]";
            case BACKFILL -> "./tandem backfill status|start|pause|resume|rate [--rate N] [--restart] [--reason TEXT]"
                    + " [--wait] [-o json] [--url URL]";
            case VERIFY -> "./tandem verify [status] [--wait] [--reason TEXT] [-o json] [--url URL]";
        };
    }
}
