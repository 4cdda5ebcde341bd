package dev.tandem.checker;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checker's settings: defaults, sources, validation, and a reference that documents every key. */
class CheckerConfigTest {

    @Test
    void everyKeyIsDocumentedAndNamedUnderTheCheckersPrefix() {
        for (ConfigDef.ConfigKey key : CheckerConfig.definition().configKeys().values()) {
            assertThat(key.name).startsWith("tandem.checker.").matches("[a-z0-9.-]+");
            assertThat(key.documentation).as("doc of %s", key.name).isNotBlank();
            assertThat(CheckerConfig.reference()).contains(key.name);
        }
    }

    @Test
    void defaultsApplyWhenNothingIsSet() {
        CheckerConfig config = CheckerConfig.from(Map.of());

        assertThat(config.getList(CheckerConfig.ROLES_CONFIG)).containsExactly("cdc", "check");
        assertThat(config.getString(CheckerConfig.LEGACY_CHANGES_TOPIC_CONFIG)).isEqualTo("tandem.changes.legacy");
        assertThat(config.getString(CheckerConfig.ENGINE_CHANGES_TOPIC_CONFIG)).isEqualTo("tandem.changes.engine");
        assertThat(config.getInt(CheckerConfig.TOPIC_PARTITIONS_CONFIG)).isEqualTo(6);
        assertThat(config.getLong(CheckerConfig.CDC_POLL_INTERVAL_MS_CONFIG)).isEqualTo(CheckerConfig.DEFAULT_CDC_POLL_INTERVAL_MS);
        assertThat(config.stateDir()).isEqualTo(Path.of(".tandem/checker"));
    }

    @Test
    void overridesWinAndRolesSelectWhatRuns() {
        CheckerConfig config = CheckerConfig.from(Map.of(CheckerConfig.ROLES_CONFIG, "cdc",
                CheckerConfig.LEGACY_SERVER_ID_CONFIG, "4242"));

        assertThat(config.runs(CheckerConfig.ROLE_CDC)).isTrue();
        assertThat(config.runs(CheckerConfig.ROLE_CHECK)).isFalse();
        assertThat(config.getLong(CheckerConfig.LEGACY_SERVER_ID_CONFIG)).isEqualTo(4242L);
    }

    @Test
    void environmentVariableNamesFollowTheKey() {
        assertThat(CheckerConfig.envName("tandem.checker.state-dir")).isEqualTo("TANDEM_CHECKER_STATE_DIR");
        assertThat(CheckerConfig.envName(CheckerConfig.CDC_POLL_INTERVAL_MS_CONFIG))
                .isEqualTo("TANDEM_CHECKER_CDC_POLL_INTERVAL_MS");
    }

    @Test
    void passwordsAreHiddenFromTheConfigurationsText() {
        CheckerConfig config = CheckerConfig.from(Map.of(CheckerConfig.LEGACY_PASSWORD_CONFIG, "pw-that-must-not-show"));

        assertThat(config.password(CheckerConfig.LEGACY_PASSWORD_CONFIG)).isEqualTo("pw-that-must-not-show");
        assertThat(config.values().toString()).doesNotContain("pw-that-must-not-show");
    }

    @Test
    void aBadValueIsRefusedNamingKeyValueAndWhatIsValid() {
        assertThatThrownBy(() -> CheckerConfig.from(Map.of(CheckerConfig.ROLES_CONFIG, "cdc,verify")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(CheckerConfig.ROLES_CONFIG).hasMessageContaining("verify").hasMessageContaining("cdc, check");
        assertThatThrownBy(() -> CheckerConfig.from(Map.of(CheckerConfig.LEGACY_PORT_CONFIG, "70000")))
                .hasMessageContaining(CheckerConfig.LEGACY_PORT_CONFIG).hasMessageContaining("70000")
                .hasMessageContaining("Value must be no more than 65535");
        assertThatThrownBy(() -> CheckerConfig.from(Map.of(CheckerConfig.ENGINE_SLOT_NAME_CONFIG, "Tandem-Slot")))
                .hasMessageContaining(CheckerConfig.ENGINE_SLOT_NAME_CONFIG).hasMessageContaining("Tandem-Slot")
                .hasMessageContaining("1 to 63 lowercase letters, digits and underscores");
    }

    @Test
    void anUnknownKeyIsRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> CheckerConfig.from(Map.of("tandem.checker.pol-interval-ms", "5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tandem.checker.pol-interval-ms").hasMessageContaining("not a checker setting");
    }

    @Test
    void theCommandLineSetsRolesAndKeys() {
        assertThat(CheckerMain.overrides(new String[]{"--roles", "cdc", "--set", "tandem.checker.instance-id=c-2"}))
                .isEqualTo(Map.of(CheckerConfig.ROLES_CONFIG, "cdc", CheckerConfig.INSTANCE_ID_CONFIG, "c-2"));
        assertThatThrownBy(() -> CheckerMain.overrides(new String[]{"--role", "cdc"}))
                .hasMessage("unknown option --role (valid: --roles, --set)");
        assertThatThrownBy(() -> CheckerMain.overrides(new String[]{"--set", "novalue"}))
                .hasMessage("--set \"novalue\" is not key=value");
    }
}
