package dev.tandem.checker.verdict;

import dev.tandem.contract.change.SourcePosition;
import dev.tandem.contract.verdict.Severity;
import dev.tandem.contract.verdict.Side;
import dev.tandem.contract.verdict.VerdictKind;
import dev.tandem.model.PkceMethod;
import dev.tandem.model.TokenField;
import dev.tandem.model.TokenKind;
import dev.tandem.model.TokenRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link KeyState} in the state store and its changelog, in a compact binary form: it is read and
 * written once per change event, and JSON cost three times as much CPU as the rest of the check.
 * It holds canonical fields only. The first byte is the format version, so that a later format can
 * still read this one: format 1 had no {@code readPastMs} (read as -1). A side's record is
 * announced by one byte: {@value #ABSENT} none, {@value #LIVE} a record, {@value #TOMBSTONE} a
 * tombstone (a value no earlier state holds, so tombstones needed no new format).
 */
public final class KeyStateSerde implements Serde<KeyState> {
    private static final byte FORMAT = 2;
    private static final byte FORMAT_WITHOUT_READ_PAST = 1;
    private static final byte ABSENT = 0;
    private static final byte LIVE = 1;
    private static final byte TOMBSTONE = 2;
    private static final TokenKind[] KINDS = TokenKind.values();
    private static final PkceMethod[] METHODS = PkceMethod.values();
    private static final TokenField[] FIELDS = TokenField.values();
    private static final VerdictKind[] VERDICT_KINDS = VerdictKind.values();
    private static final Severity[] SEVERITIES = Severity.values();
    private static final KeyState.Phase[] PHASES = KeyState.Phase.values();

    @Override
    public Serializer<KeyState> serializer() {
        return (topic, state) -> state == null ? null : encode(state);
    }

    @Override
    public Deserializer<KeyState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    public static byte[] encode(KeyState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writeSide(out, state.legacy());
            writeSide(out, state.engine());
            out.writeByte(state.phase().ordinal());
            Classification c = state.classification();
            out.writeByte(c.kind().ordinal());
            out.writeByte(c.severity() == null ? -1 : c.severity().ordinal());
            out.writeByte(c.fields().size());
            for (TokenField field : c.fields()) {
                out.writeByte(field.ordinal());
            }
            out.writeLong(state.sinceMs());
            out.writeLong(state.basisCommitMs());
            out.writeLong(state.detectedAtMs());
            out.writeLong(state.timerDueMs());
            out.writeLong(state.readPastMs());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static KeyState decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT && format != FORMAT_WITHOUT_READ_PAST) {
                throw new IllegalStateException("checker state of format " + format + ", this version reads "
                        + FORMAT_WITHOUT_READ_PAST + " and " + FORMAT);
            }
            SideState legacy = readSide(in, Side.LEGACY);
            SideState engine = readSide(in, Side.ENGINE);
            KeyState.Phase phase = PHASES[in.readByte()];
            VerdictKind kind = VERDICT_KINDS[in.readByte()];
            byte severity = in.readByte();
            int fieldCount = in.readByte();
            List<TokenField> fields = new ArrayList<>(fieldCount);
            for (int i = 0; i < fieldCount; i++) {
                fields.add(FIELDS[in.readByte()]);
            }
            Classification classification = kind == VerdictKind.MATCH ? Classification.MATCH
                    : new Classification(kind, SEVERITIES[severity], fields);
            long sinceMs = in.readLong();
            long basisCommitMs = in.readLong();
            long detectedAtMs = in.readLong();
            long timerDueMs = in.readLong();
            long readPastMs = format == FORMAT ? in.readLong() : -1;
            return new KeyState(legacy, engine, phase, classification, sinceMs, basisCommitMs, detectedAtMs, timerDueMs, readPastMs);
        } catch (IOException e) {
            throw new UncheckedIOException("a checker state record is truncated", e);
        }
    }

    private static void writeSide(DataOutputStream out, SideState side) throws IOException {
        TokenRecord r = side.record();
        out.writeByte(r == null ? ABSENT : r.deleted() ? TOMBSTONE : LIVE);
        if (r != null) {
            out.writeUTF(r.id());
            out.writeByte(r.kind().ordinal());
            out.writeUTF(r.clientId());
            writeNullable(out, r.subject());
            out.writeShort(r.scopes().size());
            for (String scope : r.scopes()) {
                out.writeUTF(scope);
            }
            out.writeLong(r.issuedAt().getEpochSecond());
            out.writeLong(r.expiresAt().getEpochSecond());
            out.writeLong(r.revokedAt() == null ? Long.MIN_VALUE : r.revokedAt().getEpochSecond());
            writeNullable(out, r.familyId());
            writeNullable(out, r.codeChallenge());
            out.writeByte(r.codeChallengeMethod() == null ? -1 : r.codeChallengeMethod().ordinal());
            out.writeLong(r.version());
        }
        writeStamp(out, side.fieldsStamp());
        writeStamp(out, side.lastUpsert());
        writeStamp(out, side.deleted());
    }

    private static SideState readSide(DataInputStream in, Side side) throws IOException {
        TokenRecord record = null;
        byte presence = in.readByte();
        if (presence != ABSENT) {
            String id = in.readUTF();
            TokenKind kind = KINDS[in.readByte()];
            String clientId = in.readUTF();
            String subject = readNullable(in);
            int scopeCount = in.readShort();
            List<String> scopes = new ArrayList<>(scopeCount);
            for (int i = 0; i < scopeCount; i++) {
                scopes.add(in.readUTF());
            }
            Instant issuedAt = Instant.ofEpochSecond(in.readLong());
            Instant expiresAt = Instant.ofEpochSecond(in.readLong());
            long revoked = in.readLong();
            String familyId = readNullable(in);
            String challenge = readNullable(in);
            byte method = in.readByte();
            record = TokenRecord.builder().id(id).kind(kind).clientId(clientId).subject(subject).scopes(scopes)
                    .issuedAt(issuedAt).expiresAt(expiresAt)
                    .revokedAt(revoked == Long.MIN_VALUE ? null : Instant.ofEpochSecond(revoked))
                    .familyId(familyId).codeChallenge(challenge, method < 0 ? null : METHODS[method])
                    .deleted(presence == TOMBSTONE).version(in.readLong()).build();
        }
        return new SideState(record, readStamp(in, side), readStamp(in, side), readStamp(in, side));
    }

    private static void writeStamp(DataOutputStream out, Stamp stamp) throws IOException {
        out.writeBoolean(stamp != null);
        if (stamp != null) {
            out.writeLong(stamp.committedAtMs());
            writeNullable(out, SourcePosition.notationOf(stamp.position()));
        }
    }

    /** Positions are kept in their store's notation, as they were before they were typed: the format did not change. */
    private static Stamp readStamp(DataInputStream in, Side side) throws IOException {
        return in.readBoolean() ? new Stamp(in.readLong(), SourcePosition.parseNullable(side.wireName(), readNullable(in))) : null;
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
