package dev.tandem.model;

import java.util.function.Function;

/**
 * The fields of a {@link TokenRecord} that a comparison looks at. A store that cannot hold a field
 * exactly declares it (see {@link TokenStore#approximatedFields()}); comparisons that involve such a
 * store then look at the field's {@link #coarse coarse} form only.
 */
public enum TokenField {
    KIND(TokenRecord::kind),
    CLIENT_ID(TokenRecord::clientId),
    SUBJECT(TokenRecord::subject),
    SCOPES(TokenRecord::scopes),
    ISSUED_AT(TokenRecord::issuedAt),
    EXPIRES_AT(TokenRecord::expiresAt),
    /** Coarse form: whether the token is revoked at all. */
    REVOKED_AT(TokenRecord::revokedAt, TokenRecord::isRevoked),
    FAMILY_ID(TokenRecord::familyId),
    CODE_CHALLENGE(TokenRecord::codeChallenge),
    CODE_CHALLENGE_METHOD(TokenRecord::codeChallengeMethod),
    VERSION(TokenRecord::version),
    /**
     * A tombstone in one store and a live record in the other: a token deleted on one side only.
     * Last, because the checker's state stores fields by ordinal.
     */
    DELETED(TokenRecord::deleted);

    private final Function<TokenRecord, Object> exact;
    private final Function<TokenRecord, Object> coarse;

    TokenField(Function<TokenRecord, Object> exact) {
        this(exact, exact);
    }

    TokenField(Function<TokenRecord, Object> exact, Function<TokenRecord, Object> coarse) {
        this.exact = exact;
        this.coarse = coarse;
    }

    public Object exact(TokenRecord record) {
        return exact.apply(record);
    }

    public Object coarse(TokenRecord record) {
        return coarse.apply(record);
    }

    /** The camel-case name the API and reports use ({@code clientId}, {@code revokedAt}). */
    public String jsonName() {
        String[] parts = name().toLowerCase(java.util.Locale.ROOT).split("_");
        StringBuilder name = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            name.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return name.toString();
    }
}
