package dev.tandem.admin.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A value for each store: lag, dead letters, queued replays. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PerSide<T>(T legacy, T engine) {
}
