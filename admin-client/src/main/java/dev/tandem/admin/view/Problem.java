package dev.tandem.admin.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * A refusal or error (RFC 9457 problem+json), with the fields a refused change adds.
 *
 * @param guards  the guards of a refused step
 * @param from    the phase a refused step started from
 * @param allowed the steps allowed from {@code from}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Problem(String title, String detail, Integer status, List<Guard> guards, String from,
                      List<String> allowed) {
    public Problem {
        guards = guards == null ? List.of() : guards;
    }
}
