package dev.tandem.checker;

import dev.tandem.testing.ConfigurationReference;
import dev.tandem.testing.ConfigurationReference.Key;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The checker's part of {@code docs/configuration.md}, generated from {@link CheckerConfig#definition()}:
 * each key's default and doc are Kafka {@code ConfigDef} definitions, readable at run time, so the
 * reference is built from them as they are.
 */
class ConfigurationReferenceTest {
    private static final String REGENERATE = "./mvnw -o -pl consistency-checker -am test -Dtest=ConfigurationReferenceTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -D" + ConfigurationReference.WRITE_PROPERTY + "=true";
    private static final String INTRO = """
            The consistency checker process (`CheckerConfig`, a Kafka `ConfigDef`: each key is validated at start and a
            bad value is refused naming key, value and what is valid). Set a key as a system property of its name
            (`-Dtandem.checker.state-dir=...`) or as its environment variable (`TANDEM_CHECKER_STATE_DIR`); the
            system property wins.
            """;

    @Test
    void everyKeyIsDocumentedAndTheReferenceIsCurrent() {
        List<Key> keys = CheckerConfig.definition().configKeys().values().stream().map(ConfigurationReferenceTest::key).toList();
        ConfigurationReference.check("consistency-checker", "Consistency checker", INTRO, keys, REGENERATE);
    }

    private static Key key(ConfigDef.ConfigKey key) {
        String doc = key.documentation;
        if (doc != null && key.validator != null) {
            doc = doc + " Valid values: `" + key.validator + "`.";
        }
        return new Key(key.name, key.hasDefault() ? defaultText(key) : null, !key.hasDefault(), doc);
    }

    /** A password's default as it is (the local stack's), as the orchestrator's table shows it, not Kafka's "[hidden]". */
    private static String defaultText(ConfigDef.ConfigKey key) {
        return key.type == ConfigDef.Type.PASSWORD && key.defaultValue instanceof Password password ? password.value()
                : ConfigDef.convertToString(key.defaultValue, key.type);
    }
}
