package dev.tandem.admin.client;

import dev.tandem.admin.view.BackfillStatus;
import dev.tandem.admin.view.MigrationStatus;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How an answer is sorted for a client that acts on the record: the record, a refusal, a missing endpoint, an error. */
class AnswerTest {
    private static final URI URL = URI.create("http://127.0.0.1:8081");

    private static <T> Answer<T> answer(AdminCall<T> call, int status, String body) {
        return AdminClient.read(URL, call, status, body.replace('\'', '"'));
    }

    @Test
    void a_2xx_answer_is_its_record() throws Exception {
        assertThat(answer(AdminCall.migration(), 200, "{'phase':'SHADOW_READ','somethingNew':1}").orThrow().phase())
                .isEqualTo("SHADOW_READ");
    }

    @Test
    void a_2xx_body_that_is_not_the_record_says_so() {
        assertThatThrownBy(() -> answer(AdminCall.backfill(), 200, "{'rowsScanned':'many'}").orThrow())
                .isInstanceOfSatisfying(AdminCallException.class, e -> assertThat(e.refused()).isFalse())
                .hasMessageContaining("GET /admin/backfill").hasMessageContaining(BackfillStatus.class.getSimpleName());
    }

    @Test
    void a_refusal_carries_the_problem_detail() {
        assertThatThrownBy(() -> answer(AdminCall.phase("SHADOW_READ", "go", false, false), 409,
                "{'title':'Conflict','detail':'guard divergence-zero failed: settled divergence 3 keys'}").orThrow())
                .isInstanceOfSatisfying(AdminCallException.class, e -> {
                    assertThat(e.refused()).isTrue();
                    assertThat(e.status()).isEqualTo(409);
                })
                .hasMessage("POST /admin/migration/phase was refused (409): guard divergence-zero failed: settled divergence 3 keys");
    }

    @Test
    void a_missing_endpoint_a_wrong_token_and_an_error_are_told_apart() {
        assertThatThrownBy(() -> answer(AdminCall.repairs(), 404, "{'title':'Not Found'}").orThrow())
                .isInstanceOfSatisfying(AdminCallException.class, e -> assertThat(e.missing()).isTrue())
                .hasMessageStartingWith("GET /admin/repair answered 404: " + URL + " has no such endpoint");
        assertThatThrownBy(() -> answer(AdminCall.migration(), 401, "{}").orThrow())
                .isInstanceOfSatisfying(AdminCallException.class, e -> assertThat(e.refused()).isFalse())
                .hasMessageContaining("admin token");
        assertThatThrownBy(() -> answer(AdminCall.migration(), 500, "boom").orThrow())
                .hasMessage("GET /admin/migration failed (500) at " + URL + ": boom");
    }

    @Test
    void no_instance_answering_is_status_0() {
        AdminClient client = new AdminClient(List.of(URI.create("http://127.0.0.1:1")), "token");
        assertThatThrownBy(() -> client.call(AdminCall.migration()))
                .isInstanceOfSatisfying(AdminCallException.class, e -> assertThat(e.status()).isZero())
                .hasMessageContaining("cannot reach the orchestrator at http://127.0.0.1:1");
    }

    @Test
    void the_record_of_an_answer_without_body_has_absent_fields() throws Exception {
        MigrationStatus empty = answer(AdminCall.migration(), 200, "").orThrow();
        assertThat(empty.phase()).isNull();
        assertThat(empty.guards()).isEmpty();
    }
}
