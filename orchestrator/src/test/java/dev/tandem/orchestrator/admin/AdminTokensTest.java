package dev.tandem.orchestrator.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminTokensTest {
    private static final String OPS_TOKEN = "ops-secret-token-value";
    private static final String VIEW_TOKEN = "view-secret-token-value";

    private final AdminTokens tokens = new AdminTokens(List.of(
            "ops:operator:" + AdminTokens.hashOf(OPS_TOKEN),
            " viewer:viewer:" + AdminTokens.hashOf(VIEW_TOKEN).toUpperCase()));

    @Test
    void knownTokensAuthenticateAsTheirNameAndRole() {
        assertThat(tokens.authenticate(OPS_TOKEN)).contains(new AdminIdentity("ops", AdminRole.OPERATOR));
        assertThat(tokens.authenticate(VIEW_TOKEN)).contains(new AdminIdentity("viewer", AdminRole.VIEWER));
    }

    @Test
    void unknownTokenAndTheHashItselfAreRefused() {
        assertThat(tokens.authenticate("ops-secret-token-valuE")).isEmpty();
        assertThat(tokens.authenticate(AdminTokens.hashOf(OPS_TOKEN))).as("the hash is not the token").isEmpty();
        assertThat(tokens.authenticate("")).isEmpty();
    }

    @Test
    void hashIsTheSha256HexOfTheToken() {
        // printf %s test-operator-token | sha256sum
        assertThat(AdminTokens.hashOf("test-operator-token"))
                .isEqualTo("21a41ec35ffe053418f5ebab652c9b4cb07a643a9100640d18b635e0df503928");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ops:operator                         | entry 1 has 2 part(s) separated by ':'",
            "ops:admin:HASH                       | entry 1 (ops): role \"admin\" is not a role (valid: viewer, service, operator)",
            "o p s:operator:HASH                  | entry 1: name \"o p s\" is invalid",
            "ops:operator:my-raw-token-pasted     | entry 1 (ops): the hash has 19 characters or non-hex ones",
    })
    void badEntriesStopTheStartNamingTheEntry(String entry, String message) {
        String withHash = entry.replace("HASH", AdminTokens.hashOf("x"));

        assertThatThrownBy(() -> new AdminTokens(List.of(withHash)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .hasMessageNotContaining("my-raw-token-pasted");
    }

    @Test
    void aNameUsedTwiceIsRefused() {
        String hash = AdminTokens.hashOf("x");
        assertThatThrownBy(() -> new AdminTokens(List.of("ops:operator:" + hash, "ops:viewer:" + hash)))
                .hasMessageContaining("entry 2: name \"ops\" is used twice");
    }

    @Test
    void anOperatorMayDoAnythingAViewerOnlyReadTheAdminApiAServiceOnlyUseTheStore() {
        assertThat(EnumSet.allOf(Access.class).stream().filter(access -> access.allowedTo(AdminRole.OPERATOR)))
                .containsExactlyInAnyOrder(Access.values());
        assertThat(EnumSet.allOf(Access.class).stream().filter(access -> access.allowedTo(AdminRole.VIEWER)))
                .containsExactly(Access.READ_ADMIN);
        assertThat(EnumSet.allOf(Access.class).stream().filter(access -> access.allowedTo(AdminRole.SERVICE)))
                .containsExactly(Access.USE_STORE);
        assertThat(Access.USE_STORE.roleNames()).isEqualTo("service or operator");
    }
}
