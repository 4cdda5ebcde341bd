package dev.tandem.checker.cdc;

import dev.tandem.testing.CheckerProcess;

import dev.tandem.checker.CheckerConfig;
import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.model.TokenId;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The secret canary: legacy rows written straight into MariaDB as the old server writes them, with
 * known secrets in {@code form_data} and {@code session_data} (a client secret, a PKCE verifier, a
 * raw refresh token, an authorization code) and one raw token written as a signature. Valid rows,
 * their updates and deletes, and rows that end as dead letters all go through the capture process;
 * afterwards no secret is in any record of any of the test's topics, in the process's log, or in
 * any file of its state directory.
 */
class SecretCanaryIT {
    private final String unique = UUID.randomUUID().toString().replace("-", "");
    private final String clientSecret = "canary-client-secret-" + unique;
    private final String codeVerifier = "canary-code-verifier-" + unique;
    private final String refreshToken = "ory_rt_canary" + unique;
    private final String authorizationCode = "ory_ac_canary" + unique;
    private final String rawAccessToken = "ory_at_canary" + unique;

    private List<String> canaries() {
        return List.of(clientSecret, codeVerifier, refreshToken, authorizationCode, rawAccessToken, unique);
    }

    @Test
    void noSecretOfALegacyRowReachesATopicALogOrTheStateDirectory() throws Exception {
        try (CdcTestEnvironment env = new CdcTestEnvironment();
             CdcTestEnvironment.TopicReader reader = env.reader()) {
            Path log = env.stateDir.resolve("checker.log");
            Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String access = TokenId.hashOf("canary-access-" + unique);
            String refresh = TokenId.hashOf("canary-refresh-" + unique);
            String code = TokenId.hashOf("canary-code-" + unique);
            String brokenSession = TokenId.hashOf("canary-broken-session-" + unique);
            String brokenExpiry = TokenId.hashOf("canary-broken-expiry-" + unique);

            try (CheckerProcess checker = CheckerProcess.start(env.settings, "cdc", log).awaitCapturesStreaming()) {
                LegacyRows.insertAsOldServer(env, LegacyTable.ACCESS, access, "grant-c", issuedAt, "web", "openid",
                        "grant_type=authorization_code&code=" + authorizationCode + "&code_verifier=" + codeVerifier
                                + "&client_id=web&client_secret=" + clientSecret,
                        oldServerSession(LegacyTable.ACCESS, issuedAt), "user-c", true);
                LegacyRows.insertAsOldServer(env, LegacyTable.REFRESH, refresh, "grant-c", issuedAt, "web", "offline_access",
                        "grant_type=refresh_token&refresh_token=" + refreshToken + "&client_secret=" + clientSecret,
                        oldServerSession(LegacyTable.REFRESH, issuedAt), "user-c", true);
                LegacyRows.insertAsOldServer(env, LegacyTable.CODE, code, "grant-c", issuedAt, "web", "openid",
                        "response_type=code&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                                + "&code_challenge_method=S256&code_verifier=" + codeVerifier,
                        oldServerSession(LegacyTable.CODE, issuedAt), "user-c", true);
                env.legacySql("UPDATE hydra_oauth2_code SET granted_scope = 'openid profile' WHERE signature = ?", code);
                env.legacySql("UPDATE hydra_oauth2_code SET active = 0 WHERE signature = ?", code);
                env.legacySql("DELETE FROM hydra_oauth2_code WHERE signature = ?", code);
                LegacyRows.insertAsOldServer(env, LegacyTable.REFRESH, brokenSession, "grant-c", issuedAt, "web", "openid",
                        "refresh_token=" + refreshToken, "not json: " + String.join(" ", canaries()), "user-c", true);
                LegacyRows.insertAsOldServer(env, LegacyTable.REFRESH, brokenExpiry, "grant-c", issuedAt, "web", "openid",
                        "client_secret=" + clientSecret,
                        "{\"expires_at\":{\"refresh_token\":\"" + refreshToken + "\"},\"verifier\":\"" + codeVerifier + "\"}",
                        "user-c", true);
                LegacyRows.insertAsOldServer(env, LegacyTable.ACCESS, rawAccessToken, "grant-c", issuedAt, "web", "openid",
                        "client_secret=" + clientSecret, oldServerSession(LegacyTable.ACCESS, issuedAt), "user-c", true);

                assertThat(reader.awaitEvents(env.legacyTopic(), access, list -> !list.isEmpty())).isNotEmpty();
                assertThat(reader.awaitEvents(env.legacyTopic(), refresh, list -> !list.isEmpty())).isNotEmpty();
                assertThat(reader.awaitEvents(env.legacyTopic(), code, list -> list.size() >= 4)).hasSize(4);
                Awaitility.await("three dead letters").atMost(CdcTestEnvironment.TIMEOUT)
                        .until(() -> reader.readAll(env.deadLetterTopic()).size() >= 3);
            }

            assertThat(storedBlobs(env)).as("the canaries are really in the legacy rows")
                    .contains(clientSecret, codeVerifier, refreshToken, authorizationCode);
            List<String> topics = testTopics(env);
            assertThat(topics).contains(env.legacyTopic(), env.deadLetterTopic());
            for (String topic : topics) {
                for (ConsumerRecord<String, byte[]> record : reader.readAll(topic)) {
                    assertThat(text(record)).as("a record of %s", topic).doesNotContain(canaries());
                }
            }
            String logText = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(logText).as("the capture's log").contains("change refused").doesNotContain(canaries());
            try (Stream<Path> files = Files.walk(env.stateDir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as("state file %s", file)
                            .doesNotContain(canaries());
                }
            }
        }
    }

    /** The session blob of the old server: the expiry amid its own keys, one of which is a raw token. */
    private String oldServerSession(LegacyTable table, Instant issuedAt) {
        return "{\"id_token\":{\"subject\":\"user-c\"},\"extra\":{\"refresh_token\":\"" + refreshToken
                + "\",\"code_verifier\":\"" + codeVerifier + "\"},\"expires_at\":{\"" + table.expiresAtKey() + "\":\""
                + issuedAt.plusSeconds(600) + "\"},\"subject\":\"user-c\"}";
    }

    private static String text(ConsumerRecord<String, byte[]> record) {
        StringBuilder text = new StringBuilder().append(record.key()).append('\n')
                .append(record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8));
        for (Header header : record.headers()) {
            text.append('\n').append(header.key()).append('=')
                    .append(header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    /** Every topic named after this test's prefix, whatever created it. */
    private static List<String> testTopics(CdcTestEnvironment env) throws Exception {
        String prefix = env.legacyTopic().substring(0, env.legacyTopic().indexOf(".changes."));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                env.config().getString(CheckerConfig.BOOTSTRAP_SERVERS_CONFIG)))) {
            return new ArrayList<>(admin.listTopics().names().get().stream().filter(name -> name.startsWith(prefix)).toList());
        }
    }

    private static String storedBlobs(CdcTestEnvironment env) throws Exception {
        StringBuilder blobs = new StringBuilder();
        try (Connection connection = env.legacyJdbc(); Statement statement = connection.createStatement()) {
            for (LegacyTable table : LegacyTable.values()) {
                try (ResultSet rows = statement.executeQuery("SELECT form_data, session_data FROM " + table.tableName())) {
                    while (rows.next()) {
                        blobs.append(rows.getString(1)).append(rows.getString(2));
                    }
                }
            }
        }
        return blobs.toString();
    }
}
