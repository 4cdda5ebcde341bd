package dev.tandem.cli;

import dev.tandem.admin.client.AdminCall;
import dev.tandem.admin.view.Audit;
import dev.tandem.admin.view.CheckerStatus;
import dev.tandem.admin.view.Divergences;
import dev.tandem.admin.view.MigrationStatus;
import dev.tandem.commandline.Values;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The commands that only read: {@code status}, {@code audit}, {@code divergence}, {@code checker}. */
final class ReadCommands {
    /** The admin API's own bound on {@code /admin/audit?limit=}. */
    static final int MAX_AUDIT_LIMIT = 100_000;
    /** The admin API's bound on {@code /admin/divergence?limit=}. */
    static final int MAX_DIVERGENCE_LIMIT = 1000;

    private ReadCommands() {
    }

    @Command(name = "status", footer = {"", Settings.TOKEN_HELP, "", ExitCode.HELP}, description = {
            "show the phase, where reads go, auto-cutover and ramp, rollback readiness, the guards of the next step", "",
            """
            Show the migration's phase and revision, the read flag and ramp with the store that serves
            reads, failed mirror writes, the automatic cutover (on or off, the ramp step, its latest
            decision), rollback readiness (whether a rollback now would lose writes, and which), and
            every guard of the next forward step with its reason."""})
    static final class Status extends AdminCommand.OneCall<MigrationStatus> {
        @Override
        AdminCall<MigrationStatus> request() {
            return AdminCall.migration();
        }

        @Override
        String human(MigrationStatus answer) {
            return HumanOutput.status(answer);
        }
    }

    @Command(name = "audit", footer = {"", Settings.TOKEN_HELP, "", ExitCode.HELP}, description = {
            "list every change of phase, flag and ramp: who, when, why, from, to", "",
            """
            List every accepted change of phase, read flag and ramp, oldest first: revision, time,
            who, what, from and to, whether guards were forced, and the reason given."""})
    static final class AuditCommand extends AdminCommand.OneCall<Audit> {
        private Integer limit;

        @Option(names = "--limit", paramLabel = "N", order = 5, description = "only the newest N changes (1 to "
                + MAX_AUDIT_LIMIT + ")")
        void limit(String value) {
            limit = (int) Values.whole(spec, "--limit", value, 1, MAX_AUDIT_LIMIT);
        }

        @Override
        AdminCall<Audit> request() {
            return AdminCall.audit(limit);
        }

        @Override
        String human(Audit answer) {
            return HumanOutput.audit(answer);
        }
    }

    @Command(name = "divergence", footer = {"", Settings.TOKEN_HELP, "", ExitCode.HELP}, description = {
            "list settled divergence: token ids whose stores disagree, most severe first", "",
            """
            List the token ids the consistency checker has settled as divergent (the stores disagree
            beyond the grace window), most severe first, then oldest first: id prefix, kind, severity,
            the differing fields and since when. The counts cover every id, the list at most --limit.
              critical  the stores disagree on whether the token is usable (revoked, expired, missing)
              major     scopes, subject, client or refresh family differ
              minor     everything else
            -o json prints both stores' canonical records of each id."""})
    static final class Divergence extends AdminCommand.OneCall<Divergences> {
        /** As the admin API spells them. */
        enum Severity { critical, major, minor }

        @Option(names = "--severity", paramLabel = "S", order = 6, description = "only this severity: critical, major or minor")
        Severity severity;
        private Integer limit;

        @Option(names = "--limit", paramLabel = "N", order = 5, description = "at most N ids (1 to "
                + MAX_DIVERGENCE_LIMIT + ", default 100)")
        void limit(String value) {
            limit = (int) Values.whole(spec, "--limit", value, 1, MAX_DIVERGENCE_LIMIT);
        }

        @Override
        AdminCall<Divergences> request() {
            return AdminCall.divergence(severity == null ? null : severity.name(), limit);
        }

        @Override
        String human(Divergences answer) {
            return HumanOutput.divergence(answer);
        }
    }

    @Command(name = "checker", footer = {"", Settings.TOKEN_HELP, "", ExitCode.HELP}, description = {
            "show the consistency checker: lag per store, events/s, pending and settled counts", "",
            """
            Show the consistency checker as the orchestrator reads it: whether it reports (a status
            older than a few seconds counts as gone), each instance, lag per store, events per
            second, pending and settled counts, dead letters and the partitions covered."""})
    static final class Checker extends AdminCommand.OneCall<CheckerStatus> {
        @Override
        AdminCall<CheckerStatus> request() {
            return AdminCall.checker();
        }

        @Override
        String human(CheckerStatus answer) {
            return HumanOutput.checker(answer);
        }
    }
}
