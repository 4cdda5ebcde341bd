package dev.tandem.model.client;


import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The canonical OAuth client (an "app"): the unit of mirroring and comparison for clients, as
 * {@link dev.tandem.model.TokenRecord} is for tokens. Each store adapter maps its own rows to and
 * from it. The constructor validates and normalizes, so a record that exists is valid.
 *
 * @param id                      the client_id (required, at most 255 characters)
 * @param name                    client_name (required, at most 255)
 * @param secretHash              the current secret's slow hash ({@code pbkdf2-sha256$…}); null for a
 *                                public client. Never the secret.
 * @param previousSecretHash      the secret before the last rotation, still accepted until it is
 *                                revoked; null when there is none
 * @param redirectUris            registered redirect URIs in registration order, compared exactly
 *                                (no normalization); at least one, each absolute, without a fragment
 * @param grantTypes              the grants it may use (authorization_code, refresh_token)
 * @param authMethod              how it authenticates at the token endpoint
 * @param scopes                  the scopes it may be granted, sorted
 * @param createdAt               registration time, whole seconds
 * @param updatedAt               last change, whole seconds, not before {@code createdAt}
 * @param deleted                 a tombstone: deleted by the write of this version
 * @param version                 write version from the orchestrator's clock; 0 for rows older than Tandem
 */
public record ClientRecord(
        String id,
        String name,
        String secretHash,
        String previousSecretHash,
        List<String> redirectUris,
        SortedSet<String> grantTypes,
        ClientAuthMethod authMethod,
        SortedSet<String> scopes,
        Instant createdAt,
        Instant updatedAt,
        boolean deleted,
        long version) {

    public static final int MAX_ID_LENGTH = 255;
    public static final int MAX_NAME_LENGTH = 255;
    public static final int MAX_REDIRECT_URI_LENGTH = 2000;
    public static final int MAX_REDIRECT_URIS = 10;
    public static final int MAX_SECRET_HASH_LENGTH = 255;
    public static final SortedSet<String> GRANT_TYPES =
            Collections.unmodifiableSortedSet(new TreeSet<>(List.of("authorization_code", "refresh_token")));

    public ClientRecord {
        id = requireText("id", id, MAX_ID_LENGTH);
        name = requireText("name", name, MAX_NAME_LENGTH);
        secretHash = optionalText("secretHash", secretHash, MAX_SECRET_HASH_LENGTH);
        previousSecretHash = optionalText("previousSecretHash", previousSecretHash, MAX_SECRET_HASH_LENGTH);
        if (authMethod == null) {
            throw new InvalidClientRecordException("authMethod", "is required");
        }
        if ((secretHash == null) != (authMethod == ClientAuthMethod.NONE)) {
            throw new InvalidClientRecordException("secretHash", authMethod == ClientAuthMethod.NONE
                    ? "a public client (token_endpoint_auth_method none) has no secret"
                    : "a confidential client (" + authMethod.wireName() + ") needs a secret");
        }
        if (secretHash == null && previousSecretHash != null) {
            throw new InvalidClientRecordException("previousSecretHash", "a client without a secret has no previous one");
        }
        redirectUris = normalizeRedirectUris(redirectUris);
        grantTypes = names("grantTypes", grantTypes);
        for (String grant : grantTypes) {
            if (!GRANT_TYPES.contains(grant)) {
                throw new InvalidClientRecordException("grantTypes",
                        "\"" + grant + "\" is not a grant Tandem issues; valid: " + String.join(", ", GRANT_TYPES));
            }
        }
        if (!grantTypes.contains("authorization_code")) {
            throw new InvalidClientRecordException("grantTypes", "must include authorization_code");
        }
        scopes = names("scopes", scopes);
        createdAt = wholeSeconds("createdAt", createdAt);
        updatedAt = wholeSeconds("updatedAt", updatedAt);
        if (updatedAt.isBefore(createdAt)) {
            throw new InvalidClientRecordException("updatedAt", updatedAt + " is before createdAt " + createdAt);
        }
        if (version < 0) {
            throw new InvalidClientRecordException("version", version + " is negative: versions start at 0");
        }
    }

    public boolean isPublic() {
        return authMethod == ClientAuthMethod.NONE;
    }

    /** This record deleted by the write of {@code deleteVersion}: its tombstone. */
    public ClientRecord tombstone(long deleteVersion, Instant at) {
        return new ClientRecord(id, name, secretHash, previousSecretHash, redirectUris, grantTypes, authMethod,
                scopes, createdAt, later(updatedAt, at), true, deleteVersion);
    }

    public ClientRecord withVersion(long newVersion) {
        return new ClientRecord(id, name, secretHash, previousSecretHash, redirectUris, grantTypes, authMethod,
                scopes, createdAt, updatedAt, deleted, newVersion);
    }

    /** The client with a new current secret; the current one becomes the previous one unless {@code dropOld}. */
    public ClientRecord withSecret(String newSecretHash, boolean dropOld, Instant at) {
        return new ClientRecord(id, name, newSecretHash, dropOld ? null : secretHash, redirectUris, grantTypes,
                authMethod, scopes, createdAt, later(updatedAt, at), deleted, version);
    }

    /**
     * What two stores' records of one client merge to: the higher version's, either possibly absent
     * (null). Commutative, associative and idempotent for records of distinct versions, which every
     * write has (one clock); equal versions are one write and hold the same fields.
     */
    public static ClientRecord merge(ClientRecord a, ClientRecord b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        if (!a.id.equals(b.id)) {
            throw new IllegalArgumentException("cannot merge records of two different clients");
        }
        return b.version > a.version ? b : a;
    }

    private static Instant later(Instant a, Instant b) {
        Instant whole = b.truncatedTo(ChronoUnit.SECONDS);
        return whole.isAfter(a) ? whole : a;
    }

    private static List<String> normalizeRedirectUris(Collection<String> uris) {
        if (uris == null || uris.isEmpty()) {
            throw new InvalidClientRecordException("redirectUris", "at least one redirect URI is required");
        }
        if (uris.size() > MAX_REDIRECT_URIS) {
            throw new InvalidClientRecordException("redirectUris",
                    uris.size() + " redirect URIs; at most " + MAX_REDIRECT_URIS + " are allowed");
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (String uri : uris) {
            distinct.add(requireRedirectUri(uri));
        }
        return List.copyOf(new ArrayList<>(distinct));
    }

    /** A redirect URI as RFC 6749 §3.1.2 wants it: absolute, no fragment; no white space or '|' (legacy's separator). */
    public static String requireRedirectUri(String uri) {
        if (uri == null || uri.isEmpty()) {
            throw new InvalidClientRecordException("redirectUris", "a redirect URI must not be empty");
        }
        if (uri.length() > MAX_REDIRECT_URI_LENGTH) {
            throw new InvalidClientRecordException("redirectUris",
                    "a redirect URI is " + uri.length() + " characters long; at most " + MAX_REDIRECT_URI_LENGTH);
        }
        if (uri.chars().anyMatch(c -> Character.isWhitespace(c) || c == '|')) {
            throw new InvalidClientRecordException("redirectUris",
                    "\"" + uri + "\" contains white space or '|': not a redirect URI");
        }
        try {
            URI parsed = new URI(uri);
            if (!parsed.isAbsolute() || parsed.getFragment() != null || parsed.isOpaque()) {
                throw new InvalidClientRecordException("redirectUris",
                        "\"" + uri + "\" must be an absolute URI without a fragment (RFC 6749 §3.1.2)");
            }
        } catch (URISyntaxException e) {
            throw new InvalidClientRecordException("redirectUris", "\"" + uri + "\" is not a URI: " + e.getReason());
        }
        return uri;
    }

    private static SortedSet<String> names(String field, Collection<String> values) {
        if (values == null) {
            throw new InvalidClientRecordException(field, "is required");
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (String value : values) {
            if (value == null || value.isEmpty() || value.chars().anyMatch(c -> Character.isWhitespace(c) || c == '|')) {
                throw new InvalidClientRecordException(field,
                        "\"" + value + "\" is not a name: names are non-empty, without white space or '|'");
            }
            sorted.add(value);
        }
        return Collections.unmodifiableSortedSet(sorted);
    }

    private static String requireText(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new InvalidClientRecordException(field, "is required and must not be blank");
        }
        return optionalText(field, value, maxLength);
    }

    private static String optionalText(String field, String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > maxLength) {
            throw new InvalidClientRecordException(field,
                    "is " + value.length() + " characters long; at most " + maxLength + " are allowed");
        }
        return value;
    }

    private static Instant wholeSeconds(String field, Instant value) {
        if (value == null) {
            throw new InvalidClientRecordException(field, "is required");
        }
        return value.truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public String toString() {
        // No hash either: a log line names the client, not its credentials.
        return "ClientRecord[" + id + " v" + version + " name=" + name + " auth=" + authMethod.wireName()
                + " redirectUris=" + redirectUris + " scopes=" + scopes + (previousSecretHash != null ? " rotating" : "")
                + (deleted ? " deleted" : "") + "]";
    }
}
