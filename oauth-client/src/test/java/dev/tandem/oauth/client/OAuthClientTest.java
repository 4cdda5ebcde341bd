package dev.tandem.oauth.client;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's own checks against a stand-in server on loopback: what it sends, and what it refuses to believe. */
class OAuthClientTest {
    private static final OAuthApp PUBLIC = new OAuthApp("web", "c1", null, "https://web.example/cb", "openid");
    private HttpServer server;
    private URI base;
    /** What the stand-in's authorization endpoint puts into the redirect instead of the real iss, if anything. */
    private final AtomicReference<String> issuerOverride = new AtomicReference<>();
    private final AtomicReference<String> tokenBody = new AtomicReference<>();
    private final AtomicReference<Map<String, String>> lastForm = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        String issuer = base.toString();
        server.createContext(OAuthClient.METADATA_PATH, exchange -> answer(exchange, 200, "{\"issuer\":\"" + issuer + "\","
                + "\"authorization_endpoint\":\"" + issuer + "/oauth2/auth\",\"token_endpoint\":\"" + issuer + "/oauth2/token\","
                + "\"revocation_endpoint\":\"" + issuer + "/oauth2/revoke\",\"introspection_endpoint\":\"" + issuer
                + "/oauth2/introspect\",\"response_types_supported\":[\"code\"]}", Map.of()));
        server.createContext("/oauth2/auth", exchange -> {
            Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
            lastForm.set(query);
            String iss = issuerOverride.get() != null ? issuerOverride.get() : issuer;
            answer(exchange, 303, "", Map.of("Location", query.get("redirect_uri") + "?code=the-code&state="
                    + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8) + "&iss=" + URLEncoder.encode(iss, StandardCharsets.UTF_8)));
        });
        server.createContext("/oauth2/token", exchange -> {
            lastForm.set(form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            String body = tokenBody.get();
            answer(exchange, body.contains("\"error\"") ? 400 : 200, body, Map.of("Cache-Control", "no-store", "Pragma", "no-cache"));
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, int status, String body, Map<String, String> headers) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> form = new HashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    @Test
    void theCodeFlowSendsPkceS256AndTheLoginHintAndChecksStateAndIss() throws IOException {
        OAuthClient client = OAuthClient.discover(base);
        CodeVerifier verifier = new CodeVerifier();
        OAuthAnswer<AuthorizationCode> code = client.authorize(PUBLIC, "alice", null, verifier);
        assertThat(code.ok()).as(code.describe()).isTrue();
        assertThat(code.value().getValue()).isEqualTo("the-code");
        assertThat(lastForm.get()).containsEntry("login_hint", "alice").containsEntry("code_challenge_method", "S256")
                .containsEntry("client_id", "c1").containsKey("code_challenge").doesNotContainKey("code_verifier");

        issuerOverride.set("https://evil.example");
        OAuthAnswer<AuthorizationCode> mixedUp = client.authorize(PUBLIC, "alice", null, verifier);
        assertThat(mixedUp.ok()).isFalse();
        assertThat(mixedUp.error()).isEqualTo(OAuthAnswer.ISSUER_MISMATCH);
    }

    @Test
    void aPublicAppRedeemsWithItsClientIdAndTheVerifierAndGetsRfcErrorsAsValues() throws IOException {
        OAuthClient client = OAuthClient.discover(List.of(base)).get(0);
        tokenBody.set("{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\"rt\",\"scope\":\"openid\"}");
        CodeVerifier verifier = new CodeVerifier();
        OAuthAnswer<Tokens> tokens = client.redeem(PUBLIC, new AuthorizationCode("the-code"), verifier);
        assertThat(tokens.ok()).as(tokens.describe()).isTrue();
        assertThat(tokens.value().getRefreshToken().getValue()).isEqualTo("rt");
        assertThat(lastForm.get()).containsEntry("client_id", "c1").containsEntry("code_verifier", verifier.getValue())
                .containsEntry("redirect_uri", "https://web.example/cb").containsEntry("grant_type", "authorization_code");

        tokenBody.set("{\"error\":\"invalid_grant\",\"error_description\":\"the refresh token was used before\"}");
        OAuthAnswer<Tokens> refused = client.refresh(PUBLIC, new RefreshToken("rt"));
        assertThat(refused.ok()).isFalse();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.describe()).isEqualTo("HTTP 400 invalid_grant: the refresh token was used before");
    }

    @Test
    void aServerWithoutMetadataIsSaidSo() {
        server.removeContext(OAuthClient.METADATA_PATH);
        assertThatThrownBy(() -> OAuthClient.discover(base)).isInstanceOf(IOException.class)
                .hasMessageContaining("answered HTTP 404");
    }

    @Test
    void anAppNeverShowsItsSecret() {
        OAuthApp confidential = new OAuthApp("partner", "c2", "s3cr3t-value", "https://p.example/cb", "openid");
        assertThat(confidential.toString()).contains("c2").contains("confidential").doesNotContain("s3cr3t-value");
        assertThat(confidential.isPublic()).isFalse();
        assertThat(PUBLIC.isPublic()).isTrue();
    }
}
