package dev.tandem.checker.cdc;

import dev.tandem.legacy.schema.LegacyTable;
import dev.tandem.model.TokenId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * MariaDB killed ({@code kill -9}) under a streaming legacy capture and started again: the binlog
 * client's socket just closes, nothing reports an error, and only its keep-alive reconnects. A row
 * written after the restart must be captured within seconds, not after Debezium's default keep-alive
 * of a minute (up to two minutes blind, issue 10's rehearsal).
 */
class LegacyCrashIT {
    /** The keep-alive ({@link LegacyCapture#BINLOG_KEEP_ALIVE_MS}) twice over, plus the reconnect itself. */
    private static final Duration CAPTURED_AFTER_RESTART_WITHIN = Duration.ofSeconds(20);

    @Test
    void aRowWrittenAfterMariadbCrashedAndRestartedIsCapturedWithinSeconds() throws Exception {
        PausableServers servers = PausableServers.local();
        long mariadb = servers.legacy().get(0);
        try (CdcTestEnvironment env = new CdcTestEnvironment();
             CdcTestEnvironment.TopicReader reader = env.reader();
             CdcRole role = new CdcRole(env.config(), new SimpleMeterRegistry())) {
            role.start();
            role.captures().forEach(CdcTestEnvironment::awaitStreaming);
            Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String before = TokenId.hashOf("crash-before-" + UUID.randomUUID());
            insert(env, before, issuedAt);
            reader.awaitEvents(env.legacyTopic(), before, list -> list.size() == 1);

            try {
                PausableServers.crash(mariadb);
            } finally {
                servers.startStack();
            }
            String after = TokenId.hashOf("crash-after-" + UUID.randomUUID());
            insert(env, after, issuedAt);
            Instant written = Instant.now();

            await("the row written after the restart captured").atMost(CAPTURED_AFTER_RESTART_WITHIN)
                    .pollInterval(Duration.ofMillis(200)).until(() -> !reader.events(env.legacyTopic(), after).isEmpty());
            System.out.printf("[LegacyCrashIT] captured %d ms after it was written%n",
                    Duration.between(written, Instant.now()).toMillis());
        }
    }

    private static void insert(CdcTestEnvironment env, String id, Instant issuedAt) {
        LegacyRows.insertAsOldServer(env, LegacyTable.ACCESS, id, "g-" + id.substring(0, 8), issuedAt, "web-app", "openid", "",
                LegacyRows.session(LegacyTable.ACCESS, issuedAt.plusSeconds(600), "u"), "u", true);
    }
}
