package dev.tandem.admin.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One guard's verdict on a step.
 *
 * @param status OK, FAILED or UNKNOWN; null from an orchestrator that sends only {@code ok}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Guard(String name, boolean ok, String status, String reason) {

    /** {@code name: STATUS (reason)}, as the audit writes it. */
    public String line() {
        return name + ": " + (status != null ? status : ok ? "OK" : "FAILED") + " (" + (reason == null ? "" : reason) + ")";
    }
}
