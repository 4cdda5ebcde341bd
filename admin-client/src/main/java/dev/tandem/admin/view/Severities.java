package dev.tandem.admin.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Keys settled as divergent, by severity. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Severities(Long critical, Long major, Long minor) {
}
