package dev.tandem.launcher.process;

import dev.tandem.commandline.UsageException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TANDEM_ORCHESTRATOR_PROPERTIES: blank-separated key=value words, each one -Dkey=value after the defaults. */
class OrchestratorsTest {

    @Test
    void wordsBecomeProperties() throws UsageException {
        assertThat(Orchestrators.properties("  tandem.cutover.dwell=5s\ttandem.guards.divergence-window=10s ")).containsExactly(
                "tandem.cutover.dwell=5s", "tandem.guards.divergence-window=10s");
        assertThat(Orchestrators.properties("")).isEmpty();
        assertThat(Orchestrators.properties("quarkus.log.level=")).containsExactly("quarkus.log.level=");
    }

    @Test
    void aWordThatIsNotKeyEqualsValueIsRefused() {
        assertThatThrownBy(() -> Orchestrators.properties("tandem.cutover.dwell=5s dwell"))
                .isInstanceOf(UsageException.class)
                .hasMessage("TANDEM_ORCHESTRATOR_PROPERTIES: 'dwell' is not key=value (valid: blank-separated key=value words)");
        assertThatThrownBy(() -> Orchestrators.properties("$(rm)=x")).isInstanceOf(UsageException.class);
    }
}
