package dev.tandem.demo.workload;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a client judges the token API's answers: pure functions of what the workload sent or knows and
 * what came back. Each returns empty when the answer is right, else why not, in words that name the
 * token by its id prefix only (ids are hashes; the workload never holds a secret after issuing).
 */
public final class Check {
    private Check() {
    }

    /** {@code PUT /v1/tokens/{id}}: 200 with the record as written, not revoked, with a version. */
    public static Optional<String> issued(IssuedToken token, int status, JsonNode body) {
        if (status != 200) {
            return Optional.of(unexpected(status, body, "200"));
        }
        Optional<String> wrong = sameRecord(token, body);
        if (wrong.isPresent()) {
            return wrong;
        }
        if (!body.path("revokedAt").isNull() && !body.path("revokedAt").isMissingNode()) {
            return Optional.of("token " + token.shortId() + " was answered revoked right after it was written");
        }
        if (!body.path("version").canConvertToLong() || body.path("version").asLong() <= 0) {
            return Optional.of("token " + token.shortId() + " was answered without a positive version");
        }
        return Optional.empty();
    }

    /**
     * {@code GET /v1/tokens/{id}} of a token the workload wrote. {@code before} and {@code after} are
     * its revocation state when the request was sent and when the answer came: only when they agree
     * on a settled state is the answer's revocation checked. An expired token may be gone (404).
     */
    public static Optional<String> read(IssuedToken token, TokenState before, TokenState after, int status, JsonNode body,
                                        Instant now) {
        if (status == 404) {
            return token.expiredAt(now) ? Optional.empty() : Optional.of("token " + token.shortId() + " ("
                    + token.kind() + ", written in " + token.phase() + ", expires " + token.expiresAt()
                    + ") was not found");
        }
        if (status != 200) {
            return Optional.of(unexpected(status, body, "200"));
        }
        Optional<String> wrong = sameRecord(token, body);
        if (wrong.isPresent()) {
            return wrong;
        }
        boolean revoked = isRevoked(body);
        if (before == after && before == TokenState.ACTIVE && revoked) {
            return Optional.of("token " + token.shortId() + " (" + token.kind() + ") reads revoked; it was never revoked");
        }
        if (before == after && before == TokenState.REVOKED && !revoked) {
            return Optional.of("token " + token.shortId() + " (" + token.kind() + ") reads usable after its revocation"
                    + " was acknowledged");
        }
        return Optional.empty();
    }

    /** {@code POST /v1/tokens/{id}/revoke}: 200, the token, revoked. */
    public static Optional<String> revoked(IssuedToken token, int status, JsonNode body) {
        if (status != 200) {
            return Optional.of(unexpected(status, body, "200"));
        }
        if (!token.id().equals(body.path("id").asText(null))) {
            return Optional.of("revoking token " + token.shortId() + " answered another id");
        }
        if (!isRevoked(body)) {
            return Optional.of("token " + token.shortId() + " was answered not revoked by its revocation");
        }
        return Optional.empty();
    }

    /**
     * {@code POST /v1/families/{familyId}/revoke}: 200 with {@code revoked}, the usable tokens of the
     * family before; the workload knows how many it left usable ({@code usableBefore}; -1 when it
     * cannot know, and then only the shape of the answer is checked).
     */
    public static Optional<String> familyRevoked(String familyId, long usableBefore, int status, JsonNode body) {
        if (status != 200) {
            return Optional.of(unexpected(status, body, "200"));
        }
        JsonNode revoked = body.path("revoked");
        if (!revoked.canConvertToLong()) {
            return Optional.of("revoking family " + familyId + " answered no \"revoked\" count");
        }
        if (usableBefore >= 0 && revoked.asLong() != usableBefore) {
            return Optional.of("revoking family " + familyId + " revoked " + revoked.asLong() + " tokens; "
                    + usableBefore + " were usable");
        }
        return Optional.empty();
    }

    /** What a client compares: the fields it wrote. Scopes are a set (a store may reorder them). */
    static Optional<String> sameRecord(IssuedToken token, JsonNode body) {
        List<String> wrong = new ArrayList<>();
        if (!token.id().equals(body.path("id").asText(null))) {
            wrong.add("id");
        }
        if (!token.kind().equals(body.path("kind").asText(null))) {
            wrong.add("kind");
        }
        if (!token.clientId().equals(body.path("clientId").asText(null))) {
            wrong.add("clientId");
        }
        if (!Objects.equals(token.subject(), text(body, "subject"))) {
            wrong.add("subject");
        }
        if (!Objects.equals(token.familyId(), text(body, "familyId"))) {
            wrong.add("familyId");
        }
        if (!Objects.equals(token.codeChallenge(), text(body, "codeChallenge"))
                || !Objects.equals(token.codeChallengeMethod(), text(body, "codeChallengeMethod"))) {
            wrong.add("codeChallenge");
        }
        if (!token.expiresAt().equals(instant(body, "expiresAt"))) {
            wrong.add("expiresAt");
        }
        Set<String> scopes = new HashSet<>();
        body.path("scopes").forEach(scope -> scopes.add(scope.asText()));
        if (!body.path("scopes").isArray() || !scopes.equals(Set.copyOf(token.scopes()))
                || body.path("scopes").size() != token.scopes().size()) {
            wrong.add("scopes");
        }
        if (wrong.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("token " + token.shortId() + " (" + token.kind() + ", written in " + token.phase()
                + ") answered with different " + String.join(", ", wrong));
    }

    static boolean isRevoked(JsonNode body) {
        JsonNode revokedAt = body.path("revokedAt");
        return !revokedAt.isMissingNode() && !revokedAt.isNull();
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.path(field);
        return node.isTextual() ? node.textValue() : null;
    }

    private static Instant instant(JsonNode body, String field) {
        try {
            return body.path(field).isTextual() ? Instant.parse(body.path(field).textValue()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A status nobody expected: the status and the problem's detail, which the API keeps free of secrets. */
    static String unexpected(int status, JsonNode body, String expected) {
        String detail = body == null ? "" : body.path("detail").asText(body.path("title").asText(""));
        return "HTTP " + status + " (expected " + expected + ")" + (detail.isBlank() ? "" : ": " + abbreviate(detail));
    }

    private static String abbreviate(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
