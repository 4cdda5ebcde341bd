package dev.tandem.legacy.mapping;

import dev.tandem.legacy.schema.LegacyClientTable;
import dev.tandem.model.TokenStoreException;

/**
 * A {@code hydra_client} row that cannot be mapped to a canonical client, as {@link LegacyRowException}
 * is for tokens. The message names the client id and the problem, never the secret column or the
 * metadata. Permanent: reading the row again gives the same answer.
 */
public class LegacyClientRowException extends TokenStoreException {
    private final String clientId;

    public LegacyClientRowException(String clientId, String problem) {
        super("legacy", false, "row " + LegacyClientTable.NAME + "[" + (clientId == null ? "no id" : clientId)
                + "] cannot be mapped: " + problem, null);
        this.clientId = clientId;
    }

    public String clientId() {
        return clientId;
    }
}
