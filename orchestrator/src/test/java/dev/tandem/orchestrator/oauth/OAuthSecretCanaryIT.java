package dev.tandem.orchestrator.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.tandem.orchestrator.oauth.OAuthDriver.App;
import dev.tandem.orchestrator.testing.CheckerOnStores;
import dev.tandem.testing.DatabaseEndpoint;
import dev.tandem.testing.OrchestratorProcess;
import dev.tandem.testing.TestStack;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The secret canary of the OAuth server: an instance with the checker capturing both stores runs real
 * flows in DUAL_WRITE (opaque tokens, both stores written) and in WRITE_ENGINE (JWS access tokens),
 * with a wrong secret, a code replay and a refresh reuse among them. Then no client secret, code, PKCE
 * verifier, access or refresh token (nor the admin token) is in any row of either database, in any record of the test's
 * Kafka topics, in either process's log, in the metrics, or in any error body the flows got.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OAuthSecretCanaryIT {
    private static final String ISSUER = "https://tandem.test";
    private static final String KEY_ENCRYPTION_KEY = "OUy46lg/Z5ZRyXnl/rq++iAF2Zm0SWtCvANy03SnbZo=";
    private static final Duration SETUP_BOUND = Duration.ofSeconds(60);

    private final String adminToken = "canary-admin-" + UUID.randomUUID();
    private CheckerOnStores checker;
    private OrchestratorProcess instance;
    private String controlTopic;
    private OAuthDriver oauth;
    private final List<String> secrets = new ArrayList<>();
    private final List<String> errorBodies = new ArrayList<>();

    @BeforeAll
    void anInstanceAndACheckerOnFreshStores() throws Exception {
        TestStack stack = TestStack.get();
        checker = CheckerOnStores.onFreshStores();
        controlTopic = "t." + checker.unique() + ".control";
        String tokens = "ops:operator:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(adminToken.getBytes(StandardCharsets.UTF_8)));
        OrchestratorProcess.Builder config = OrchestratorProcess.builder("canary-" + checker.unique()).nodeId(1)
                .legacy(checker.legacy()).engine(checker.engine()).kafka(stack.kafkaBootstrap())
                .controlTopic(controlTopic).replayTopic("t." + checker.unique() + ".replay").adminTokens(tokens)
                .property("quarkus.profile", "dev")
                .property("tandem.oauth.issuer", ISSUER)
                .property("tandem.oauth.signing.key-encryption-key", KEY_ENCRYPTION_KEY);
        checker.feedTopics().forEach(config::property);
        instance = config.build().start();
        // After the instance: its Flyway creates the engine tables the capture needs.
        checker.start();
        oauth = new OAuthDriver(URI.create(instance.url() + "/"), adminToken, ISSUER);
        oauth.admin().body(Map.of("flag", "auto", "rampPercent", 100, "reason", "every read by the phase"))
                .put("/admin/migration/reads").then().statusCode(200);
        secrets.add(adminToken);
    }

    @AfterAll
    void stopEverything() {
        if (instance != null) {
            instance.stop();
        }
        if (checker != null) {
            checker.close();
        }
    }

    @Test
    void noSecretOfAFlowIsInAStoreATopicALogTheMetricsOrAnErrorBody() throws Exception {
        phase("DUAL_WRITE");
        flows();
        phase("SHADOW_READ");
        phase("READ_ENGINE");
        phase("WRITE_ENGINE");
        flows();
        await("the checker has captured the flows").atMost(SETUP_BOUND).until(() ->
                oauth.admin().get("/admin/checker").then().extract().jsonPath().getBoolean("reporting"));

        assertThat(secrets).as("the canaries").hasSizeGreaterThan(20).allSatisfy(secret -> assertThat(secret).hasSizeGreaterThan(20));
        assertNoCanaryIn("the legacy database", rows(checker.legacy(),
                "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()", "`%s`"));
        assertNoCanaryIn("the engine database", rows(checker.engine(),
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", "\"%s\""));
        assertNoCanaryIn("the Kafka topics", topics());
        assertNoCanaryIn("the orchestrator's log", Files.readString(instance.log()));
        assertNoCanaryIn("the checker's log", Files.readString(Path.of("target", "checkers", checker.unique() + ".log")));
        assertNoCanaryIn("the metrics", RestAssured.get(instance.managementUrl() + "/q/metrics").then().statusCode(200)
                .extract().asString());
        assertThat(errorBodies).as("error bodies of the refused requests").hasSize(6);
        assertNoCanaryIn("the error bodies", String.join("\n", errorBodies));
    }

    /** A confidential and a public app, each through code+PKCE, refresh and revocation, with the attacks between. */
    private void flows() throws Exception {
        App confidential = oauth.register("client_secret_basic");
        App spa = oauth.register("none");
        secrets.add(confidential.secret().getValue());
        for (App app : List.of(confidential, spa)) {
            CodeVerifier verifier = new CodeVerifier();
            AuthorizationCode code = oauth.code(app, verifier);
            secrets.add(verifier.getValue());
            secrets.add(code.getValue());
            AuthorizationCodeGrant grant = new AuthorizationCodeGrant(code, URI.create(OAuthDriver.REDIRECT), verifier);
            Tokens first = oauth.tokens(app, grant);
            Tokens second = oauth.tokens(app, new RefreshTokenGrant(first.getRefreshToken()));
            for (Tokens tokens : List.of(first, second)) {
                secrets.add(tokens.getAccessToken().getValue());
                secrets.add(tokens.getRefreshToken().getValue());
            }
            assertThat(oauth.active(confidential, second.getAccessToken())).isTrue();
            errorBodies.add(oauth.token(app, grant).toHTTPResponse().getBody());
            assertThat(oauth.revoke(app, second.getRefreshToken()).getStatusCode()).isEqualTo(200);
        }
        App wrong = new App(confidential.id(), new Secret(confidential.secret().getValue() + "x"));
        secrets.add(wrong.secret().getValue());
        errorBodies.add(oauth.token(wrong, oauth.codeGrant(confidential)).toHTTPResponse().getBody());
    }

    private void phase(String to) {
        oauth.admin().body(Map.of("to", to, "reason", "canary walk", "force", true)).post("/admin/migration/phase")
                .then().statusCode(200);
    }

    private void assertNoCanaryIn(String where, String text) {
        for (String secret : secrets) {
            assertThat(text.contains(secret)).as("a secret of the flows (%s…) is in %s", secret.substring(0, 6), where).isFalse();
        }
    }

    /** Every row of every table, every column as text, one line a row. */
    private static String rows(DatabaseEndpoint database, String tablesQuery, String quote) throws Exception {
        StringBuilder text = new StringBuilder();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet result = statement.executeQuery(tablesQuery)) {
                while (result.next()) {
                    tables.add(result.getString(1));
                }
            }
            assertThat(tables).as("tables of %s", database.database()).isNotEmpty();
            for (String table : tables) {
                try (ResultSet result = statement.executeQuery("SELECT * FROM " + quote.formatted(table))) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        text.append(table);
                        for (int column = 1; column <= columns; column++) {
                            text.append(' ').append(text(result, column));
                        }
                        text.append('\n');
                    }
                }
            }
        }
        return text.toString();
    }

    /** A column as text: binary columns decoded as UTF-8, so that a secret stored as bytes is found too. */
    private static String text(ResultSet result, int column) throws SQLException {
        int type = result.getMetaData().getColumnType(column);
        if (type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY || type == Types.BLOB) {
            byte[] bytes = result.getBytes(column);
            return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        }
        return String.valueOf(result.getString(column));
    }

    /** Every key, value and header of every record of this test's topics (its control log, replay queue and the checker's). */
    private String topics() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrap());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        StringBuilder text = new StringBuilder();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.listTopics().entrySet().stream()
                    .filter(topic -> topic.getKey().startsWith("t." + checker.unique()))
                    .flatMap(topic -> topic.getValue().stream().map(info -> new TopicPartition(info.topic(), info.partition())))
                    .toList();
            assertThat(partitions).as("the test's topics").extracting(TopicPartition::topic)
                    .contains(controlTopic, "t." + checker.unique() + ".changes.legacy", "t." + checker.unique() + ".changes.engine");
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await("every record of the test's topics read").atMost(SETUP_BOUND).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    text.append(record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8)).append(' ')
                            .append(record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8));
                    for (Header header : record.headers()) {
                        text.append(' ').append(header.key()).append('=').append(new String(header.value(), StandardCharsets.UTF_8));
                    }
                    text.append('\n');
                }
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
            });
        }
        assertThat(text).as("records of the test's topics").isNotEmpty();
        return text.toString();
    }
}
