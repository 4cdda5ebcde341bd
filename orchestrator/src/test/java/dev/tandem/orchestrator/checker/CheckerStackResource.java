package dev.tandem.orchestrator.checker;

import dev.tandem.orchestrator.testing.FreshStackResource;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.HashMap;

/**
 * As {@link FreshStackResource}, plus checker topics of the application's own, so that the feed and
 * the repair worker read only what this test class's checker writes.
 */
public class CheckerStackResource extends FreshStackResource {
    /** Names this application's topics, slot and state; read back by {@link CheckerUnderTest}. */
    static final String UNIQUE = "tandemtest.checker.unique";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        byte[] bytes = new byte[6];
        new SecureRandom().nextBytes(bytes);
        String unique = HexFormat.of().formatHex(bytes);
        config.put(UNIQUE, unique);
        config.put("tandem.checker.topic.divergence", "t." + unique + ".divergence");
        config.put("tandem.checker.topic.status", "t." + unique + ".checker.status");
        config.put("tandem.checker.topic.legacy-changes", "t." + unique + ".changes.legacy");
        config.put("tandem.repair.group-id", "t." + unique + ".repair");
        config.put("tandem.checker.kafka.bootstrap-servers", config.get("kafka.bootstrap.servers"));
        return config;
    }
}
