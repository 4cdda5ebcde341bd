package dev.tandem.legacy.mapping;

import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.model.TokenId;
import dev.tandem.model.TokenStoreException;

/**
 * A legacy row that cannot be mapped to a canonical record. The message names the table, the
 * signature and the problem, never the content of {@code form_data} or {@code session_data}: old
 * rows keep secrets there. Permanent: reading the row again gives the same answer.
 */
public class LegacyRowException extends TokenStoreException {
    private final LegacyTable table;
    private final String signature;

    public LegacyRowException(LegacyTable table, String signature, String problem) {
        super("legacy", false, "row " + table.tableName() + "[" + describe(signature) + "] cannot be mapped: " + problem, null);
        this.table = table;
        this.signature = signature;
    }

    public LegacyTable table() {
        return table;
    }

    public String signature() {
        return signature;
    }

    /** A signature that is not a token hash might be a raw token an old server wrote: show its length only. */
    private static String describe(String signature) {
        if (TokenId.isValid(signature)) {
            return signature;
        }
        return signature == null ? "no signature" : "a signature of " + signature.length() + " characters";
    }
}
