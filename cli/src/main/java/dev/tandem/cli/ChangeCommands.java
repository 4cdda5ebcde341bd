package dev.tandem.cli;

import dev.tandem.admin.client.AdminCall;
import dev.tandem.admin.view.ChangeResult;
import dev.tandem.commandline.UsageException;
import dev.tandem.commandline.Values;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;

/**
 * The commands that change the control state: {@code phase}, {@code reads}, {@code rollback},
 * {@code cutover}. Each needs {@code --reason}, kept in the audit, and takes {@code --dry-run}.
 */
final class ChangeCommands {
    public static final int MAX_RAMP = 100;

    private ChangeCommands() {
    }

    /** A change: its reason, whether it is a dry run, and the exit code 1 of a dry run the guards would refuse. */
    abstract static class Change extends AdminCommand.OneCall<ChangeResult> {
        @Option(names = "--reason", paramLabel = "TEXT", order = 1, description = "why, in your words; kept in the audit (required)")
        String reason;
        @Option(names = "--dry-run", order = 4, arity = "0", description = "print what would change and the guard verdicts; change nothing")
        boolean dryRun;

        @Override
        void check() throws UsageException {
            if (reason == null) {
                throw new UsageException("missing --reason for " + word()
                        + " (valid: any text saying why, e.g. --reason \"INC-123 engine p99 high\"; it is kept in the audit)");
            }
            reason = nonBlank(reason);
        }

        @Override
        String human(ChangeResult answer) {
            return HumanOutput.change(word(), answer);
        }

        // A dry run of a change the guards would refuse answers 200 with "refused": scripts that
        // rehearse a step with --dry-run get the exit code the real step would get.
        @Override
        int exitCode(ChangeResult answer) {
            return answer.refused() ? ExitCode.REFUSED : ExitCode.DONE;
        }
    }

    /** A reason as sent: stripped, never blank. */
    static String nonBlank(String reason) throws UsageException {
        if (reason.isBlank()) {
            throw new UsageException("invalid --reason '" + Values.abbreviate(reason) + "' (valid: any text that is not blank)");
        }
        return reason.strip();
    }

    @Command(name = "phase", footer = {"", Settings.TOKEN_HELP, "", ExitCode.HELP}, description = {
            "move the migration to another phase (forward steps are checked by guards)", "",
            """
            Move the migration to PHASE, one of:
              LEGACY_ONLY > DUAL_WRITE > SHADOW_READ > READ_ENGINE > WRITE_ENGINE > ENGINE_ONLY
            Forward steps go one phase at a time and only when every guard holds; --force steps over
            failing guards and is audited as forced. Backward steps (toward legacy) are always allowed
            until ENGINE_ONLY, the point of no return. Refused steps exit 1 and list the failing guards.
            --dry-run prints the plan and every guard's verdict and changes nothing."""})
    static final class Phase extends Change {
        @Parameters(arity = "0..1", paramLabel = "PHASE", description = "the target phase, in any letter case")
        String phase;
        @Option(names = "--force", order = 2, arity = "0", description = "step over failing guards; audited as forced")
        boolean force;

        @Override
        void check() throws UsageException {
            String valid = " (valid: " + String.join(", ", MigrationNames.PHASES) + ")";
            if (phase == null) {
                throw new UsageException("phase needs the target phase" + valid);
            }
            String value = phase;
            phase = MigrationNames.phase(value).orElseThrow(() ->
                    new UsageException("unknown phase '" + Values.abbreviate(value) + "'" + valid));
            super.check();
        }

        @Override
        AdminCall<ChangeResult> request() {
            return AdminCall.phase(phase, reason, force, dryRun);
        }
    }

    @Command(name = "reads", footer = {"", Settings.TOKEN_HELP, "", ExitCode.HELP}, description = {
            "set the read flag (legacy, engine, auto) and the engine ramp, effective at once", "",
            """
            Set where reads go, on every orchestrator instance within a second:
              legacy   every read from legacy (not allowed in ENGINE_ONLY)
              engine   every read from the engine
              auto     as the phase says; in READ_ENGINE, --ramp N sends N%% of tokens to the engine,
                       the same tokens every time (a stable hash of the token id)
            Without --ramp the current ramp stays."""})
    static final class Reads extends Change {
        @Parameters(arity = "0..1", paramLabel = "legacy|engine|auto", description = "the read flag, in any letter case")
        String flag;
        private Integer ramp;

        @Option(names = "--ramp", paramLabel = "N", order = 3,
                description = "share of tokens, 0 to 100, read from the engine in READ_ENGINE with flag auto")
        void ramp(String value) {
            ramp = (int) Values.whole(spec, "--ramp", value, 0, MAX_RAMP);
        }

        @Override
        void check() throws UsageException {
            String valid = " (valid: " + String.join(", ", MigrationNames.READ_FLAGS) + ")";
            if (flag == null) {
                throw new UsageException("reads needs the read flag" + valid);
            }
            String value = flag;
            flag = MigrationNames.readFlag(value).orElseThrow(() ->
                    new UsageException("unknown read flag '" + Values.abbreviate(value) + "'" + valid));
            super.check();
        }

        // Without --ramp the field stays out, so the orchestrator keeps the current ramp.
        @Override
        AdminCall<ChangeResult> request() {
            return AdminCall.reads(flag, ramp, reason, dryRun);
        }
    }

    @Command(name = "rollback", footer = {"", Settings.TOKEN_HELP, "", ExitCode.HELP}, description = {
            "send every read back to legacy now (the one-command rollback: flag legacy)", "",
            """
            The one-command rollback: send every read back to legacy now (the read flag becomes legacy),
            on every instance within a second. Writes keep going to both stores as the phase says, so
            nothing is lost and the flag can be set back with ./tandem reads auto --reason ...
            Example:
              ./tandem rollback --reason "INC-4711 engine p99 above 800 ms"
            Not possible in ENGINE_ONLY (legacy no longer receives writes): that answer exits 1."""})
    static final class Rollback extends Change {
        @Override
        AdminCall<ChangeResult> request() {
            return AdminCall.rollback(reason, dryRun);
        }
    }

    @Command(name = "cutover", footer = {"", Settings.TOKEN_HELP, "", ExitCode.HELP}, description = {
            "switch the automatic cutover on or off: reads move to the engine by the ramp when the guards hold", "",
            """
            Switch the automatic cutover on or off, on every instance, audited. When on, and reads follow
            the phase (flag auto), each orchestrator looks at the guards every few seconds:
              SHADOW_READ  every guard holds              -> READ_ENGINE at the first ramp step
              READ_ENGINE  dwell over, divergence-zero and
                           checker-lag hold               -> the next ramp step, up to 100%%
              READ_ENGINE  divergence-zero fails          -> the ramp step before (from the first: SHADOW_READ)
            It never moves writes: WRITE_ENGINE and ENGINE_ONLY stay your steps. A pinned read flag
            (./tandem rollback, ./tandem reads legacy|engine) pauses it. ./tandem status shows the ramp and
            its latest decision; ./tandem audit lists its changes (actor auto-cutover).
            Example:
              ./tandem cutover auto on --reason "CHG-42 guards green for a day\""""})
    static final class Cutover extends Change {
        @Parameters(index = "0", arity = "0..1", paramLabel = "auto", description = "the setting: auto, the automatic cutover")
        String setting;
        @Parameters(index = "1", arity = "0..1", paramLabel = "on|off", description = "on or off")
        String value;

        @Override
        void check() throws UsageException {
            if (setting == null || !setting.equals("auto")) {
                throw new UsageException((setting == null ? "cutover needs what to set"
                        : "unknown cutover setting '" + Values.abbreviate(setting) + "'") + " (valid: auto)");
            }
            if (value == null) {
                throw new UsageException("cutover auto needs on or off (valid: on, off)");
            }
            String lower = value.toLowerCase(Locale.ROOT);
            if (!lower.equals("on") && !lower.equals("off")) {
                throw new UsageException("invalid cutover auto '" + Values.abbreviate(value) + "' (valid: on, off)");
            }
            value = lower;
            super.check();
        }

        @Override
        AdminCall<ChangeResult> request() {
            return AdminCall.autoCutover(value.equals("on"), reason, dryRun);
        }
    }
}
