package dev.tandem.demo.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private final TokenFactory factory = new TokenFactory();

    private IssuedToken code() {
        return factory.issue("authorization_code", null, NOW, "DUAL_WRITE", new Random(1));
    }

    /** The answer a correct API gives for {@code token}. */
    static ObjectNode view(IssuedToken token, Instant revokedAt) {
        ObjectNode body = JSON.valueToTree(TokenFactory.body(token));
        body.put("id", token.id());
        body.put("version", 42);
        if (revokedAt == null) {
            body.putNull("revokedAt");
        } else {
            body.put("revokedAt", revokedAt.toString());
        }
        body.putNull("familyId");
        if (token.familyId() != null) {
            body.put("familyId", token.familyId());
        }
        return body;
    }

    @Test
    void an_issue_answered_with_the_record_as_written_passes() {
        IssuedToken token = code();
        assertThat(Check.issued(token, 200, view(token, null))).isEmpty();
    }

    @Test
    void an_issue_answered_with_other_scopes_or_challenge_fails_naming_the_fields() {
        IssuedToken token = code();
        ObjectNode body = view(token, null);
        body.putArray("scopes").add("admin");
        body.put("codeChallenge", "something-else");
        assertThat(Check.issued(token, 200, body)).hasValueSatisfying(reason -> assertThat(reason)
                .contains(token.shortId()).contains("scopes").contains("codeChallenge").doesNotContain(token.id()));
    }

    @Test
    void an_issue_answered_revoked_or_with_an_error_fails_with_the_detail() {
        IssuedToken token = code();
        assertThat(Check.issued(token, 200, view(token, NOW))).hasValueSatisfying(reason -> assertThat(reason).contains("revoked"));
        JsonNode problem = JSON.createObjectNode().put("title", "Service unavailable").put("detail", "not caught up");
        assertThat(Check.issued(token, 503, problem)).contains("HTTP 503 (expected 200): not caught up");
    }

    @Test
    void scopes_in_another_order_are_the_same_scopes() {
        IssuedToken token = new IssuedToken("a".repeat(64), "access_token", "c", "s", List.of("openid", "email"), NOW,
                NOW.plusSeconds(3600), null, null, null, "LEGACY_ONLY");
        ObjectNode body = view(token, null);
        body.putArray("scopes").add("email").add("openid");
        assertThat(Check.read(token, TokenState.ACTIVE, TokenState.ACTIVE, 200, body, NOW)).isEmpty();
    }

    @Test
    void a_read_must_match_the_settled_revocation_state() {
        IssuedToken token = code();
        assertThat(Check.read(token, TokenState.ACTIVE, TokenState.ACTIVE, 200, view(token, NOW), NOW))
                .hasValueSatisfying(reason -> assertThat(reason).contains("reads revoked"));
        assertThat(Check.read(token, TokenState.REVOKED, TokenState.REVOKED, 200, view(token, null), NOW))
                .hasValueSatisfying(reason -> assertThat(reason).contains("reads usable"));
        assertThat(Check.read(token, TokenState.REVOKED, TokenState.REVOKED, 200, view(token, NOW), NOW)).isEmpty();
    }

    @Test
    void a_read_that_overlaps_a_revocation_may_see_either_side() {
        IssuedToken token = code();
        assertThat(Check.read(token, TokenState.ACTIVE, TokenState.REVOKING, 200, view(token, NOW), NOW)).isEmpty();
        assertThat(Check.read(token, TokenState.REVOKING, TokenState.REVOKED, 200, view(token, null), NOW)).isEmpty();
        assertThat(Check.read(token, TokenState.UNKNOWN, TokenState.UNKNOWN, 200, view(token, null), NOW)).isEmpty();
    }

    @Test
    void a_missing_token_fails_unless_it_expired() {
        IssuedToken token = code();
        assertThat(Check.read(token, TokenState.ACTIVE, TokenState.ACTIVE, 404, JSON.createObjectNode(), NOW))
                .hasValueSatisfying(reason -> assertThat(reason).contains("was not found").contains("written in DUAL_WRITE"));
        assertThat(Check.read(token, TokenState.ACTIVE, TokenState.ACTIVE, 404, JSON.createObjectNode(),
                token.expiresAt().plusSeconds(1))).isEmpty();
    }

    @Test
    void a_revocation_must_answer_the_token_revoked() {
        IssuedToken token = code();
        assertThat(Check.revoked(token, 200, view(token, NOW))).isEmpty();
        assertThat(Check.revoked(token, 200, view(token, null))).isPresent();
        assertThat(Check.revoked(token, 404, JSON.createObjectNode().put("detail", "no token has this id")))
                .contains("HTTP 404 (expected 200): no token has this id");
    }

    @Test
    void a_family_revocation_must_count_the_usable_tokens_the_client_knows() {
        assertThat(Check.familyRevoked("f", 1, 200, JSON.createObjectNode().put("revoked", 1))).isEmpty();
        assertThat(Check.familyRevoked("f", 1, 200, JSON.createObjectNode().put("revoked", 0)))
                .contains("revoking family f revoked 0 tokens; 1 were usable");
        assertThat(Check.familyRevoked("f", -1, 200, JSON.createObjectNode().put("revoked", 3))).isEmpty();
        assertThat(Check.familyRevoked("f", 1, 200, JSON.createObjectNode())).isPresent();
    }
}
