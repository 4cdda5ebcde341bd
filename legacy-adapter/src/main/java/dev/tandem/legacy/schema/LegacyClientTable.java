package dev.tandem.legacy.schema;

import java.util.List;

/** The old server's client table, {@code hydra_client} (Hydra 1.x layout; see {@code legacy/hydra-schema.sql}). */
public final class LegacyClientTable {
    public static final String NAME = "hydra_client";

    /** Every column Tandem reads or writes, in DDL order; Tandem's two last, as {@link LegacyMigration} adds them. */
    public static final List<String> COLUMNS = List.of(
            "id", "client_name", "client_secret", "redirect_uris", "grant_types", "response_types", "scope",
            "token_endpoint_auth_method", "created_at", "updated_at", "metadata",
            LegacyTable.TANDEM_DELETED, LegacyTable.TANDEM_VERSION);

    private LegacyClientTable() {
    }
}
