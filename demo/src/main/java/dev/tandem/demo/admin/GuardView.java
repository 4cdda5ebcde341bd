package dev.tandem.demo.admin;

/**
 * One guard's verdict on the next step, as {@code GET /admin/migration} lists it.
 *
 * @param status OK, FAILED or UNKNOWN
 */
public record GuardView(String name, boolean ok, String status, String reason) {

    /** {@code name: STATUS (reason)}, as the audit writes it. */
    public String line() {
        return name + ": " + status + " (" + reason + ")";
    }
}
