package dev.tandem.orchestrator.guard;

/**
 * What one guard says about one step.
 *
 * @param name   the guard, e.g. {@code engine-reachable}
 * @param status OK, FAILED or UNKNOWN
 * @param reason why, with the numbers when there are numbers
 */
public record GuardVerdict(String name, GuardStatus status, String reason) {

    public static GuardVerdict ok(String name, String reason) {
        return new GuardVerdict(name, GuardStatus.OK, reason);
    }

    public static GuardVerdict failed(String name, String reason) {
        return new GuardVerdict(name, GuardStatus.FAILED, reason);
    }

    public static GuardVerdict unknown(String name, String reason) {
        return new GuardVerdict(name, GuardStatus.UNKNOWN, reason);
    }

    public boolean ok() {
        return status == GuardStatus.OK;
    }

    /** The verdict as one line of the audit: {@code name: STATUS (reason)}. */
    public String auditLine() {
        return name + ": " + status + " (" + reason + ")";
    }
}
