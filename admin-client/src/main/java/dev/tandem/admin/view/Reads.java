package dev.tandem.admin.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Where reads go.
 *
 * @param flag      legacy, engine or auto
 * @param effective where reads go now: legacy, engine or split
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Reads(String flag, Integer rampPercent, String effective) {
}
