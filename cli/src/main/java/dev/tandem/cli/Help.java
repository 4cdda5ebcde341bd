package dev.tandem.cli;

import dev.tandem.cli.Command.Option;

import java.util.Locale;

/** The help texts: one per command, and the overview. */
public final class Help {
    private Help() {
    }

    /** The help of {@code command}, or the overview when it is null. */
    public static String of(Command command) {
        return command == null ? overview() : command(command);
    }

    static String overview() {
        StringBuilder out = new StringBuilder("""
                Usage: ./tandem <command> [options]

                On-call commands for the migration, sent to the orchestrator's admin API:
                """);
        for (Command command : Command.values()) {
            out.append(String.format(Locale.ROOT, "  %-9s %s%n", command.word(), command.summary()));
        }
        out.append("\nRun ./tandem <command> --help for its options.\n\n").append(EXIT_CODES);
        return out.toString();
    }

    private static final String EXIT_CODES = """
            Exit codes:
              0  done (with --dry-run: would be done)
              1  refused by the orchestrator: a guard failed, or another change came first (repair: an id failed)
              2  bad usage, no admin token, or the orchestrator could not be reached or answered an error
            verify has its own (./tandem verify --help): 0 the stores agree, 1 they differ, 2 or more an error.
            """;

    private static final String BACKFILL_EXIT_CODES = """
            Exit codes:
              0  done; with --wait: the backfill is DONE
              1  refused by the orchestrator (e.g. not in DUAL_WRITE or later, already DONE), or the backfill
                 FAILED; with --wait: it ended other than DONE (PAUSED, FAILED)
              2  bad usage, no admin token, or the orchestrator could not be reached or answered an error
            """;

    private static final String VERIFY_EXIT_CODES = """
            Exit codes (the kubectl diff convention; verify status gives the latest run's):
              0  the run is DONE and the stores agree (without --wait: the run was started)
              1  the run is DONE and the stores differ
              2  bad usage, no admin token, the orchestrator could not be reached or answered an error, a run
                 is already running (without --wait), or none ever ran (verify status)
              3  the run FAILED
              4  no verdict yet: the run is still running, or stopped unfinished (verify status)
            """;

    private static String command(Command command) {
        StringBuilder out = new StringBuilder("Usage: ").append(CommandLine.usage(command)).append("\n\n");
        out.append(description(command)).append('\n');
        out.append("Options:\n");
        for (Option option : command.validOptions()) {
            out.append(String.format(Locale.ROOT, "  %-24s %s%n", option.synopsis(), optionHelp(command, option)));
        }
        out.append('\n').append("""
                The admin token comes from TANDEM_ADMIN_TOKEN, else .tandem/admin-token (./tandem up writes it).

                """).append(switch (command) {
                    case BACKFILL -> BACKFILL_EXIT_CODES;
                    case VERIFY -> VERIFY_EXIT_CODES;
                    default -> EXIT_CODES;
                });
        return out.toString();
    }

    // The bulk jobs keep no audit and need a reason only for some calls.
    private static String optionHelp(Command command, Option option) {
        if (option != Option.REASON) {
            return option.help();
        }
        return switch (command) {
            case BACKFILL -> "why, in your words; the orchestrator logs it (required, except for status)";
            case VERIFY -> "why, in your words; the orchestrator logs it (default \"" + CommandLine.DEFAULT_VERIFY_REASON + "\")";
            default -> option.help();
        };
    }

    private static String description(Command command) {
        return switch (command) {
            case STATUS -> """
                    Show the migration's phase and revision, the read flag and ramp with the store that serves
                    reads, failed mirror writes, the automatic cutover (on or off, the ramp step, its latest
                    decision), rollback readiness (whether a rollback now would lose writes, and which), and
                    every guard of the next forward step with its reason.
                    """;
            case PHASE -> """
                    Move the migration to PHASE, one of:
                      LEGACY_ONLY > DUAL_WRITE > SHADOW_READ > READ_ENGINE > WRITE_ENGINE > ENGINE_ONLY
                    Forward steps go one phase at a time and only when every guard holds; --force steps over
                    failing guards and is audited as forced. Backward steps (toward legacy) are always allowed
                    until ENGINE_ONLY, the point of no return. Refused steps exit 1 and list the failing guards.
                    --dry-run prints the plan and every guard's verdict and changes nothing.
                    """;
            case READS -> """
                    Set where reads go, on every orchestrator instance within a second:
                      legacy   every read from legacy (not allowed in ENGINE_ONLY)
                      engine   every read from the engine
                      auto     as the phase says; in READ_ENGINE, --ramp N sends N% of tokens to the engine,
                               the same tokens every time (a stable hash of the token id)
                    Without --ramp the current ramp stays.
                    """;
            case ROLLBACK -> """
                    The one-command rollback: send every read back to legacy now (the read flag becomes legacy),
                    on every instance within a second. Writes keep going to both stores as the phase says, so
                    nothing is lost and the flag can be set back with ./tandem reads auto --reason ...
                    Example:
                      ./tandem rollback --reason "INC-4711 engine p99 above 800 ms"
                    Not possible in ENGINE_ONLY (legacy no longer receives writes): that answer exits 1.
                    """;
            case CUTOVER -> """
                    Switch the automatic cutover on or off, on every instance, audited. When on, and reads follow
                    the phase (flag auto), each orchestrator looks at the guards every few seconds:
                      SHADOW_READ  every guard holds              -> READ_ENGINE at the first ramp step
                      READ_ENGINE  dwell over, divergence-zero and
                                   checker-lag hold               -> the next ramp step, up to 100%
                      READ_ENGINE  divergence-zero fails          -> the ramp step before (from the first: SHADOW_READ)
                    It never moves writes: WRITE_ENGINE and ENGINE_ONLY stay your steps. A pinned read flag
                    (./tandem rollback, ./tandem reads legacy|engine) pauses it. ./tandem status shows the ramp and
                    its latest decision; ./tandem audit lists its changes (actor auto-cutover).
                    Example:
                      ./tandem cutover auto on --reason "CHG-42 guards green for a day"
                    """;
            case AUDIT -> """
                    List every accepted change of phase, read flag and ramp, oldest first: revision, time,
                    who, what, from and to, whether guards were forced, and the reason given.
                    """;
            case DIVERGENCE -> """
                    List the token ids the consistency checker has settled as divergent (the stores disagree
                    beyond the grace window), most severe first, then oldest first: id prefix, kind, severity,
                    the differing fields and since when. The counts cover every id, the list at most --limit.
                      critical  the stores disagree on whether the token is usable (revoked, expired, missing)
                      major     scopes, subject, client or refresh family differ
                      minor     everything else
                    -o json prints both stores' canonical records of each id.
                    """;
            case CHECKER -> """
                    Show the consistency checker as the orchestrator reads it: whether it reports (a status
                    older than a few seconds counts as gone), each instance, lag per store, events per
                    second, pending and settled counts, dead letters and the partitions covered.
                    """;
            case REPAIR -> """
                    Repair the given token ids now (operator role): the current phase's primary state is
                    applied to the other store, version-conditional, never making a revoked token usable.
                    Only in phases that mirror (DUAL_WRITE to WRITE_ENGINE); elsewhere the answer exits 1.
                    Exits 1 too when a repair failed (a store down); the failed ids are named.
                    Example:
                      ./tandem repair $(./tandem divergence --severity critical -o json | jq -r '.items[].tokenId')
                    """;
            case BACKFILL -> """
                    Copy the tokens legacy held before the dual write began into the engine, in id order and in
                    chunks, never over a newer record and never reviving a revoked token (operator role):
                      status   show the progress (needs no --reason)
                      start    start in DUAL_WRITE or later; --restart copies again from the first id
                      pause    stop after the current chunk; the checkpoint stays
                      resume   go on from the checkpoint (also after FAILED)
                      rate     change the rate limit while running: --rate N rows per second, 0 for none
                    The job slows by itself while the checker lags. Tokens expiring within the horizon are not
                    copied: the output counts the live ones left only in legacy, and when the last expires.
                    --wait follows the job until it is DONE, FAILED or PAUSED: a progress bar redrawn in place on
                    a terminal, a line every 5 s otherwise (logs, CI).
                    Examples:
                      ./tandem backfill start --rate 20000 --reason "CHG-42 copy the old tokens" --wait
                      ./tandem backfill rate --rate 5000 --reason "INC-7 engine p99 high"
                    """;
            case VERIFY -> """
                    Compare both stores over their whole key range as canonical records: chunk checksums computed
                    in each database, record by record only where a chunk differs. One run at a time, in the
                    current phase; a run counts for the guards while it is fresh (younger than the orchestrator's
                    max age, same phase).
                      ./tandem verify          start a run, print its id (exit 0 when started)
                      ./tandem verify --wait   start a run and follow it with a progress bar, then print the
                                               verdict and the first 20 differences (id prefix, kind, fields);
                                               when a run is already running, follow that one
                      ./tandem verify status   the latest run without starting one; --wait follows it
                    -o json prints the run's status JSON; with --wait, its report: the status and every
                    difference ("items") with both stores' canonical records.
                    Example:
                      ./tandem verify --wait || ./tandem verify status --wait -o json > differences.json
                    """;
        };
    }
}
