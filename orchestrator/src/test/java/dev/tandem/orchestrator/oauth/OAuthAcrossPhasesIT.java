package dev.tandem.orchestrator.oauth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.tandem.legacy.schema.LegacySchema;
import dev.tandem.model.TokenId;
import dev.tandem.orchestrator.api.StoreRows;
import dev.tandem.orchestrator.oauth.OAuthDriver.App;
import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.OrchestratorProcess;
import dev.tandem.testing.TestStack;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The promise to every client, kept across the migration by two orchestrator JVMs on one control log
 * and one pair of stores, as {@code ./tandem up --instances 2} runs them (dev profile: the dev login):
 * a token issued while legacy is primary is introspected and refreshed in every phase through
 * ENGINE_ONLY; one issued in WRITE_ENGINE stays valid and refreshable after the rollback and a step
 * back; revoked and reused ones stay dead everywhere, checked by SQL in both databases. One code
 * redeemed at once on both instances is won exactly once, also right after a flip of the primary;
 * access tokens are EdDSA JWS while the engine is primary, verified here against the JWKS, across a
 * key rotation. Forward steps are forced (the guards' signals are the checker's, not under test here),
 * but the backfill they stand for is run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OAuthAcrossPhasesIT {
    private static final List<String> PHASES = List.of("LEGACY_ONLY", "DUAL_WRITE", "SHADOW_READ", "READ_ENGINE",
            "WRITE_ENGINE", "ENGINE_ONLY");
    /** The same on both instances, as behind one address. */
    private static final String ISSUER = "https://tandem.test";
    private static final String KEY_ENCRYPTION_KEY = "OUy46lg/Z5ZRyXnl/rq++iAF2Zm0SWtCvANy03SnbZo=";
    private static final Duration ONE_INSTANCE_TO_THE_OTHER = Duration.ofSeconds(10);
    private static final int RACES_PER_PHASE = 3;

    private final String adminToken = "oauth-phases-" + UUID.randomUUID();
    private final List<OrchestratorProcess> instances = new ArrayList<>();
    private final List<OAuthDriver> drivers = new ArrayList<>();
    private DatabaseEndpoint legacy;
    private DatabaseEndpoint engine;
    private ExecutorService pool;

    @BeforeAll
    void startTwoInstances() throws Exception {
        TestStack stack = TestStack.get();
        legacy = stack.freshLegacyDatabase();
        try (Connection connection = legacy.connect()) {
            LegacySchema.create(connection);
        }
        engine = stack.freshEngineDatabase();
        String topic = "tandem.control.oauth-" + UUID.randomUUID();
        String tokens = "ops:operator:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(adminToken.getBytes(StandardCharsets.UTF_8)));
        for (int node = 1; node <= 2; node++) {
            OrchestratorProcess instance = OrchestratorProcess.builder("oauth-phases-" + node)
                    .nodeId(node).legacy(legacy).engine(engine).kafka(stack.kafkaBootstrap())
                    .controlTopic(topic).adminTokens(tokens)
                    .property("quarkus.profile", "dev")
                    .property("tandem.oauth.issuer", ISSUER)
                    .property("tandem.oauth.signing.key-encryption-key", KEY_ENCRYPTION_KEY)
                    .property("tandem.backfill.expiry-horizon", "0s")
                    .build();
            instances.add(instance);
        }
        pool = Executors.newFixedThreadPool(2);
        instances.get(0).start();
        instances.get(1).start();
        for (OrchestratorProcess instance : instances) {
            drivers.add(new OAuthDriver(URI.create(instance.url() + "/"), adminToken, ISSUER));
        }
        a().admin().body(Map.of("flag", "auto", "rampPercent", 100, "reason", "every read by the phase"))
                .put("/admin/migration/reads").then().statusCode(200);
    }

    @AfterAll
    void stopBoth() {
        instances.forEach(OrchestratorProcess::stop);
        if (pool != null) {
            pool.shutdown();
        }
    }

    /** ENGINE_ONLY has no way back (legacy gets no writes after it): only the last test walks there. */
    @BeforeEach
    void backToLegacyOnly() {
        String phase = status(a()).getString("phase");
        for (int i = PHASES.indexOf(phase) - 1; i >= 0; i--) {
            step(PHASES.get(i), false);
        }
    }

    @Test
    @Order(1)
    void oneCodeRedeemedOnBothInstancesAtOnceIsWonExactlyOnceInEveryPrimaryAndAcrossAFlip() throws Exception {
        App shop = a().register("client_secret_basic");
        for (String phase : List.of("LEGACY_ONLY", "DUAL_WRITE", "READ_ENGINE")) {
            forceTo(phase);
            for (int round = 0; round < RACES_PER_PHASE; round++) {
                race(phase, shop, a().codeGrant(shop));
            }
        }
        List<AuthorizationCodeGrant> issuedWhileLegacyIsPrimary = new ArrayList<>();
        for (int round = 0; round < RACES_PER_PHASE; round++) {
            issuedWhileLegacyIsPrimary.add(b().codeGrant(shop));
        }
        forceTo("WRITE_ENGINE");
        for (AuthorizationCodeGrant grant : issuedWhileLegacyIsPrimary) {
            race("WRITE_ENGINE, the code from READ_ENGINE", shop, grant);
        }
    }

    /** Both instances redeem {@code grant} at once: one wins, the other's replay revokes what the winner got. */
    private void race(String phase, App shop, AuthorizationCodeGrant grant) throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        List<CompletableFuture<TokenResponse>> answers = drivers.stream().map(driver -> CompletableFuture.supplyAsync(() -> {
            try {
                together.await();
                return driver.token(shop, grant);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, pool)).toList();
        List<TokenResponse> responses = answers.stream().map(CompletableFuture::join).toList();
        List<TokenResponse> won = responses.stream().filter(TokenResponse::indicatesSuccess).toList();
        assertThat(won).as("winners in %s (answers: %s)", phase, responses.stream().map(response -> response.indicatesSuccess()
                ? "200" : response.toErrorResponse().getErrorObject().toJSONObject().toString()).toList()).hasSize(1);
        TokenResponse lost = responses.stream().filter(response -> !response.indicatesSuccess()).findFirst().orElseThrow();
        assertThat(OAuthDriver.error(lost).getCode()).as("the loser in %s", phase).isEqualTo("invalid_grant");
        Tokens winner = won.get(0).toSuccessResponse().getTokens();
        for (OAuthDriver driver : drivers) {
            assertThat(driver.active(shop, winner.getAccessToken())).as("the winner's access token in %s", phase).isFalse();
            assertThat(driver.active(shop, winner.getRefreshToken())).as("the winner's refresh token in %s", phase).isFalse();
        }
        if (!phase.equals("LEGACY_ONLY")) {
            assertDeadInBothStores(phase, winner.getAccessToken(), winner.getRefreshToken());
        }
    }

    @Test
    @Order(2)
    void whileTheEngineIsPrimaryAccessTokensAreJwsThatVerifyAgainstTheJwksAcrossAKeyRotation() throws Exception {
        App shop = a().register("client_secret_basic");
        forceTo("WRITE_ENGINE");
        Tokens first = a().tokens(shop, a().codeGrant(shop));
        SignedJWT firstJws = verifiedAgainstJwks(first.getAccessToken(), b());
        String firstKid = firstJws.getHeader().getKeyID();
        JWTClaimsSet claims = firstJws.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringClaim("client_id")).isEqualTo(shop.id().getValue());
        assertThat(claims.getStringClaim("scope")).isEqualTo("orders.read");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isLessThanOrEqualTo(Duration.ofHours(1));

        String secondKid = a().admin().post("/admin/signing-keys").then().statusCode(201)
                .extract().jsonPath().getString("kid");
        assertThat(jwksKids(b())).as("published by the table, on every instance at once").contains(firstKid, secondKid);
        Tokens second = a().tokens(shop, a().codeGrant(shop));
        assertThat(verifiedAgainstJwks(second.getAccessToken(), b()).getHeader().getKeyID()).isEqualTo(secondKid);
        assertThat(b().active(shop, first.getAccessToken())).as("signed by the older key: still verifies").isTrue();

        JsonPath ahead = a().admin().body(Map.of("publish_ahead_seconds", 3600)).post("/admin/signing-keys").then()
                .statusCode(201).extract().jsonPath();
        assertThat(ahead.getString("state")).isEqualTo("published");
        assertThat(jwksKids(b())).contains(ahead.getString("kid"));
        assertThat(verifiedAgainstJwks(a().tokens(shop, a().codeGrant(shop)).getAccessToken(), a()).getHeader().getKeyID())
                .as("a key published ahead does not sign before its time").isEqualTo(secondKid);
        assertThat(a().admin().get("/admin/signing-keys").then().statusCode(200).extract().jsonPath()
                .getMap("keys.collectEntries { [it.kid, it.state] }"))
                .containsEntry(firstKid, "verifying").containsEntry(secondKid, "signing")
                .containsEntry(ahead.getString("kid"), "published");

        b().admin().post("/admin/signing-keys/" + firstKid + "/retire").then().statusCode(200);
        assertThat(jwksKids(a())).doesNotContain(firstKid);
        for (OAuthDriver driver : drivers) {
            assertThat(driver.active(shop, first.getAccessToken())).as("its key retired").isFalse();
            assertThat(driver.active(shop, second.getAccessToken())).isTrue();
        }
        b().admin().post("/admin/signing-keys/" + firstKid + "/retire").then().statusCode(404);
        b().admin().body(Map.of("publish_ahead_seconds", -1)).post("/admin/signing-keys").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    @Order(3)
    void tokensOfEveryPhaseStayValidThroughTheWalkAndTheRollbackAndDeadOnesStayDead() throws Exception {
        App shop = a().register("client_secret_basic");
        Tokens fromLegacyOnly = a().tokens(shop, a().codeGrant(shop));
        assertThat(fromLegacyOnly.getAccessToken().getValue()).startsWith(OpaqueTokens.ACCESS_TOKEN_PREFIX);
        Tokens revoked = b().tokens(shop, b().codeGrant(shop));
        assertThat(b().revoke(shop, revoked.getRefreshToken()).getStatusCode()).isEqualTo(200);
        Tokens reused = a().tokens(shop, a().codeGrant(shop));
        Tokens successorOfReused = a().tokens(shop, new RefreshTokenGrant(reused.getRefreshToken()));
        assertThat(OAuthDriver.error(b().token(shop, new RefreshTokenGrant(reused.getRefreshToken()))).getCode())
                .isEqualTo("invalid_grant");
        List<Token> dead = List.of(revoked.getRefreshToken(), reused.getRefreshToken(), successorOfReused.getAccessToken(),
                successorOfReused.getRefreshToken());

        Tokens chain = fromLegacyOnly;
        for (String phase : List.of("DUAL_WRITE", "SHADOW_READ", "READ_ENGINE", "WRITE_ENGINE")) {
            forceTo(phase);
            chain = stillValid(phase, shop, fromLegacyOnly, chain);
            stillDead(phase, shop, dead);
        }
        Tokens fromWriteEngine = b().tokens(shop, b().codeGrant(shop));
        verifiedAgainstJwks(fromWriteEngine.getAccessToken(), a());

        a().admin().body(Map.of("reason", "on-call: reads back to legacy")).post("/admin/migration/rollback").then().statusCode(200);
        awaitSameRevision();
        Tokens writeEngineChain = stillValid("WRITE_ENGINE after the rollback", shop, fromWriteEngine, fromWriteEngine);
        chain = stillValid("WRITE_ENGINE after the rollback", shop, fromLegacyOnly, chain);
        stillDead("WRITE_ENGINE after the rollback", shop, dead);
        step("READ_ENGINE", false);
        step("SHADOW_READ", false);
        step("DUAL_WRITE", false);
        writeEngineChain = stillValid("DUAL_WRITE after stepping back", shop, fromWriteEngine, writeEngineChain);
        chain = stillValid("DUAL_WRITE after stepping back", shop, fromLegacyOnly, chain);
        stillDead("DUAL_WRITE after stepping back", shop, dead);

        a().admin().body(Map.of("flag", "auto", "rampPercent", 100, "reason", "forward again"))
                .put("/admin/migration/reads").then().statusCode(200);
        forceTo("ENGINE_ONLY");
        stillValid("ENGINE_ONLY", shop, fromWriteEngine, writeEngineChain);
        stillValid("ENGINE_ONLY", shop, fromLegacyOnly, chain);
        stillDead("ENGINE_ONLY", shop, dead);
        assertDeadInBothStores("ENGINE_ONLY", dead.toArray(Token[]::new));
    }

    /**
     * In {@code phase}, through each instance: the original access token and the chain's newest are active;
     * the chain's refresh token rotates (access token format by the primary); answers the new chain link.
     */
    private Tokens stillValid(String phase, App shop, Tokens original, Tokens chain) throws Exception {
        for (OAuthDriver driver : drivers) {
            assertThat(driver.active(shop, original.getAccessToken())).as("the original access token in %s", phase).isTrue();
            assertThat(driver.active(shop, chain.getAccessToken())).as("the chain's access token in %s", phase).isTrue();
        }
        OAuthDriver through = drivers.get(Math.floorMod(phase.hashCode(), 2));
        Tokens next = through.tokens(shop, new RefreshTokenGrant(chain.getRefreshToken()));
        assertThat(next.getRefreshToken()).isNotEqualTo(chain.getRefreshToken());
        boolean enginePrimary = phase.startsWith("WRITE_ENGINE") || phase.startsWith("ENGINE_ONLY");
        assertThat(JwsAccessTokens.looksLikeJws(next.getAccessToken().getValue())).as("a JWS in %s", phase).isEqualTo(enginePrimary);
        assertThat(through.active(shop, next.getAccessToken())).as("the refreshed access token in %s", phase).isTrue();
        assertThat(through.active(shop, chain.getRefreshToken())).as("the rotated refresh token in %s", phase).isFalse();
        return next;
    }

    private void stillDead(String phase, App shop, List<Token> dead) throws Exception {
        for (OAuthDriver driver : drivers) {
            for (Token token : dead) {
                assertThat(driver.active(shop, token)).as("a dead token in %s", phase).isFalse();
            }
        }
        for (Token token : dead) {
            if (token instanceof RefreshToken refresh) {
                assertThat(OAuthDriver.error(a().token(shop, new RefreshTokenGrant(refresh))).getCode())
                        .as("a dead refresh token in %s", phase).isEqualTo("invalid_grant");
            }
        }
    }

    private void assertDeadInBothStores(String phase, Token... tokens) {
        for (Token token : tokens) {
            String id = TokenId.hashOf(token.getValue());
            assertThat(StoreRows.legacy(legacy, id)).as("legacy row in %s", phase)
                    .hasValueSatisfying(row -> assertThat(row.active()).isFalse());
            assertThat(StoreRows.engine(engine, id)).as("engine row in %s", phase)
                    .hasValueSatisfying(row -> assertThat(row.active()).isFalse());
        }
    }

    /** The token's signature checked by Nimbus with the key of its kid in {@code through}'s JWKS. */
    private static SignedJWT verifiedAgainstJwks(Token accessToken, OAuthDriver through) throws Exception {
        SignedJWT jws = SignedJWT.parse(accessToken.getValue());
        assertThat(jws.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        JWKSet jwks = JWKSet.parse(through.http().get("/.well-known/jwks.json").then().statusCode(200).extract().asString());
        OctetKeyPair key = jwks.getKeyByKeyId(jws.getHeader().getKeyID()).toOctetKeyPair();
        assertThat(jws.verify(new Ed25519Verifier(key))).as("signature of kid %s", key.getKeyID()).isTrue();
        return jws;
    }

    private static List<String> jwksKids(OAuthDriver through) {
        return through.http().get("/.well-known/jwks.json").then().statusCode(200).extract().jsonPath().getList("keys.kid");
    }

    private OAuthDriver a() {
        return drivers.get(0);
    }

    private OAuthDriver b() {
        return drivers.get(1);
    }

    private static JsonPath status(OAuthDriver through) {
        return through.admin().get("/admin/migration").then().statusCode(200).extract().jsonPath();
    }

    /**
     * Forced steps forward; entering DUAL_WRITE runs the backfill to its end, as the guard of the step
     * after it demands: apps and tokens that legacy alone holds are copied, as in a real cutover.
     */
    private void forceTo(String target) {
        String phase = status(a()).getString("phase");
        for (int i = PHASES.indexOf(phase) + 1; i <= PHASES.indexOf(target); i++) {
            step(PHASES.get(i), true);
            if (PHASES.get(i).equals("DUAL_WRITE")) {
                backfill();
            }
        }
    }

    private void backfill() {
        a().admin().body(Map.of("action", "start", "restart", true, "reason", "copy what legacy alone holds"))
                .post("/admin/backfill").then().statusCode(200);
        await("backfill done").atMost(Duration.ofMinutes(2)).until(() ->
                "DONE".equals(a().admin().get("/admin/backfill").then().extract().jsonPath().getString("state")));
    }

    /** One phase step through the first instance, applied by the second before the test goes on. */
    private void step(String to, boolean force) {
        a().admin().body(Map.of("to", to, "reason", "oauth walk", "force", force)).post("/admin/migration/phase")
                .then().statusCode(200);
        awaitSameRevision();
    }

    private void awaitSameRevision() {
        long revision = status(a()).getLong("revision");
        await("the second instance applies revision " + revision).atMost(ONE_INSTANCE_TO_THE_OTHER)
                .until(() -> status(b()).getLong("revision") >= revision);
    }
}
