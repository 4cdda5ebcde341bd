package dev.tandem.verification.checksum;

/**
 * The per-row text both databases derive from their own columns, equal for equal canonical records
 * (compared as the comparison compares them: revocation coarse, since legacy keeps only a flag).
 * Fields joined by {@code |}, free text prefixed by its length so that no two records share a text:
 * <pre>
 * kind | len:id | len:clientId | len:subject("" = none) | issuedAt epoch s | expiresAt epoch s
 *      | revoked 0/1 | len:familyId("" = none) | pkce | scope marker | version | deleted 0/1
 * </pre>
 * where pkce is {@code n} (none) or {@code v<len>:<challenge>|<method>}. The row's hash is the first
 * 60 bits of the MD5 of that text; each scope adds the hash of {@code len:id|scope}. Scopes are a
 * set, and MariaDB can neither split nor sort a string cheaply: a sum of per-scope hashes needs
 * neither, and is the same whatever order and spacing legacy keeps them in. (A scope written twice
 * in legacy counts twice: the chunk is then compared record by record, which dedupes.)
 *
 * <p>The chunk checksum is the row count and the sum of row hashes: order-free, so the legacy side
 * adds up its three tables.
 */
public final class CanonicalText {
    /** Legacy rows with more space-separated scope parts than this are left to the record comparison. */
    public static final int MAX_SQL_SCOPES = 16;

    private CanonicalText() {
    }
}
