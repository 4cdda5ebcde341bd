package dev.tandem.admin.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** {@code GET /admin/apps}: every registered app, in client_id order, without secrets. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Apps(List<App> apps) {
    public Apps {
        apps = apps == null ? List.of() : apps;
    }
}
