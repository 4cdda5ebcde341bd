package dev.tandem.testing;

import dev.tandem.testing.DatabaseEndpoint.Flavor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseEndpointTest {

    private final DatabaseEndpoint legacy =
            new DatabaseEndpoint(Flavor.MARIADB, "127.0.0.1", 33316, "tandem_legacy", "tandem", "pw-123");

    @Test
    void jdbcUrlFollowsEachDriversScheme() {
        assertThat(legacy.jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:33316/tandem_legacy");
        assertThat(new DatabaseEndpoint(Flavor.POSTGRESQL, "db.local", 5432, "tandem_engine", "u", "p").jdbcUrl())
                .isEqualTo("jdbc:postgresql://db.local:5432/tandem_engine");
    }

    @Test
    void withDatabaseKeepsServerAndLogin() {
        DatabaseEndpoint other = legacy.withDatabase("t_0123");

        assertThat(other).isEqualTo(new DatabaseEndpoint(Flavor.MARIADB, "127.0.0.1", 33316, "t_0123", "tandem", "pw-123"));
        assertThat(legacy.database()).isEqualTo("tandem_legacy");
    }

    @Test
    void toStringNeverShowsThePassword() {
        assertThat(legacy.toString()).contains("tandem_legacy", "tandem").doesNotContain("pw-123");
    }

    @Test
    void rejectsAPortOutOfRange() {
        assertThatThrownBy(() -> new DatabaseEndpoint(Flavor.MARIADB, "h", 0, "db", "u", "p"))
                .hasMessage("invalid port 0 (valid: 1 to 65535)");
    }
}
