package dev.tandem.cli;

import dev.tandem.admin.client.AdminCall;

/** The admin API call a command makes. */
public final class AdminRequest {
    private AdminRequest() {
    }

    /** The call {@code line} stands for. */
    public static AdminCall<?> of(CommandLine line) {
        return switch (line.command()) {
            case STATUS -> AdminCall.migration();
            case AUDIT -> AdminCall.audit(line.limit());
            case PHASE -> AdminCall.phase(line.target(), line.reason(), line.force(), line.dryRun());
            // Without --ramp the field stays out, so the orchestrator keeps the current ramp.
            case READS -> AdminCall.reads(line.target(), line.ramp(), line.reason(), line.dryRun());
            case ROLLBACK -> AdminCall.rollback(line.reason(), line.dryRun());
            case DIVERGENCE -> AdminCall.divergence(line.severity(), line.limit());
            case CHECKER -> AdminCall.checker();
            case REPAIR -> AdminCall.repair(line.ids());
            case CUTOVER -> AdminCall.autoCutover("on".equals(line.target()), line.reason(), line.dryRun());
            // Absent fields keep what the job has: its rate, and no restart.
            case BACKFILL -> line.target().equals("status") ? AdminCall.backfill()
                    : AdminCall.backfill(line.target(), line.rate(), line.restart(), line.reason());
            case VERIFY -> line.target().equals("status") ? AdminCall.verification()
                    : AdminCall.startVerification(line.reason());
        };
    }
}
