package dev.tandem.orchestrator.write;

import dev.tandem.model.InvalidTokenRecordException;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenStoreException;
import dev.tandem.orchestrator.write.MirrorStats.Reason;
import io.smallrye.mutiny.TimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MirroredWriterTest {

    @Test
    void mirrorFailuresAreClassifiedIntoTheReasonTag() {
        assertThat(MirroredWriter.reasonOf(new TimeoutException())).isEqualTo(Reason.TIMEOUT);
        assertThat(MirroredWriter.reasonOf(new TokenStoreException("engine", true, "connection lost", null)))
                .isEqualTo(Reason.UNAVAILABLE);
        assertThat(MirroredWriter.reasonOf(new TokenStoreException("engine", false, "relation missing", null)))
                .isEqualTo(Reason.REJECTED);
        assertThat(MirroredWriter.reasonOf(new InvalidTokenRecordException("issuedAt", "out of range")))
                .isEqualTo(Reason.REJECTED);
        assertThat(MirroredWriter.reasonOf(new KindConflictException(TokenKind.ACCESS_TOKEN, TokenKind.REFRESH_TOKEN)))
                .isEqualTo(Reason.KIND_CONFLICT);
        assertThat(MirroredWriter.reasonOf(new IllegalStateException("bug"))).isEqualTo(Reason.ERROR);
    }

    @Test
    void reasonTagsArePrometheusFriendly() {
        for (Reason reason : Reason.values()) {
            assertThat(reason.tag()).matches("[a-z_]+");
        }
    }

    @Test
    void aKindConflictDoesNotNameTheId() {
        assertThat(new KindConflictException(TokenKind.ACCESS_TOKEN, TokenKind.REFRESH_TOKEN).getMessage())
                .isEqualTo("this id holds a token of kind refresh_token, not access_token: a token's kind never changes;"
                        + " delete it first or use another id");
    }
}
