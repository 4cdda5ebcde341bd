package dev.tandem.engine.signing;

import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;

import java.time.Instant;
import java.util.SortedSet;

/**
 * An access token the engine just signed. {@link #compactJws()} is the bearer secret: it goes to
 * the client once and nowhere else; the store keeps only {@link #tokenId()}, its hash.
 *
 * @param compactJws the token as the client presents it (secret)
 * @param tokenId    {@code TokenId.hashOf(compactJws)}: the id under which the store holds it
 * @param kid        the key that signed it
 * @param jti        the JWT id claim
 */
public record SignedAccessToken(
        String compactJws,
        String tokenId,
        String kid,
        String jti,
        String clientId,
        String subject,
        SortedSet<String> scopes,
        Instant issuedAt,
        Instant expiresAt) {

    /** The canonical record of this token, written with {@code version}, optionally in a refresh family. */
    public TokenRecord toRecord(long version, String familyId) {
        return TokenRecord.builder()
                .id(tokenId)
                .kind(TokenKind.ACCESS_TOKEN)
                .clientId(clientId)
                .subject(subject)
                .scopes(scopes)
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .familyId(familyId)
                .version(version)
                .build();
    }

    @Override
    public String toString() {
        return "SignedAccessToken[id=" + tokenId + " kid=" + kid + " jti=" + jti + " client=" + clientId
                + " expiresAt=" + expiresAt + "]";
    }
}
