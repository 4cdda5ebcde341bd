package dev.tandem.orchestrator.control;

import dev.tandem.orchestrator.phase.MigrationPhase;
import dev.tandem.orchestrator.phase.ReadFlag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ControlFoldTest {
    private static final String WALK_TO_ENGINE_ONLY =
            "0 DUAL_WRITE auto 100; 1 SHADOW_READ auto 100; 2 READ_ENGINE auto 100; 3 WRITE_ENGINE auto 100; 4 ENGINE_ONLY auto 100";

    /**
     * Each case: a log written as {@code expectedRevision PHASE flag ramp} events separated by
     * {@code ;}, the outcome of each event (A accepted, C conflict, I invalid), and the final state.
     */
    static Stream<Arguments> logs() {
        return Stream.of(
                arguments("an empty log is the initial state", "", "", "LEGACY_ONLY auto 100 r0"),
                arguments("one forward step", "0 DUAL_WRITE auto 100", "A", "DUAL_WRITE auto 100 r1"),
                arguments("the second of two changes decided on one revision conflicts",
                        "0 DUAL_WRITE auto 100; 0 DUAL_WRITE legacy 100", "A C", "DUAL_WRITE auto 100 r1"),
                arguments("a change decided on a revision not reached yet conflicts",
                        "5 DUAL_WRITE auto 100", "C", "LEGACY_ONLY auto 100 r0"),
                arguments("skipping a phase is invalid", "0 SHADOW_READ auto 100", "I", "LEGACY_ONLY auto 100 r0"),
                arguments("a refused event does not use up a revision",
                        "0 READ_ENGINE auto 100; 0 DUAL_WRITE auto 100", "I A", "DUAL_WRITE auto 100 r1"),
                arguments("staying in the phase while changing the reads",
                        "0 LEGACY_ONLY legacy 40", "A", "LEGACY_ONLY legacy 40 r1"),
                arguments("a backward step may skip phases",
                        "0 DUAL_WRITE auto 100; 1 SHADOW_READ auto 100; 2 READ_ENGINE auto 30; 3 LEGACY_ONLY auto 30",
                        "A A A A", "LEGACY_ONLY auto 30 r4"),
                arguments("the walk to the point of no return",
                        WALK_TO_ENGINE_ONLY, "A A A A A", "ENGINE_ONLY auto 100 r5"),
                arguments("no step back from the point of no return",
                        WALK_TO_ENGINE_ONLY + "; 5 WRITE_ENGINE auto 100; 5 LEGACY_ONLY auto 100",
                        "A A A A A I I", "ENGINE_ONLY auto 100 r5"),
                arguments("flag legacy is refused in ENGINE_ONLY",
                        WALK_TO_ENGINE_ONLY + "; 5 ENGINE_ONLY legacy 100", "A A A A A I", "ENGINE_ONLY auto 100 r5"),
                arguments("entering ENGINE_ONLY with flag legacy is refused",
                        "0 DUAL_WRITE auto 100; 1 SHADOW_READ auto 100; 2 READ_ENGINE auto 100; 3 WRITE_ENGINE legacy 100;"
                                + " 4 ENGINE_ONLY legacy 100", "A A A A I", "WRITE_ENGINE legacy 100 r4"),
                arguments("flag engine and ramp in any phase before ENGINE_ONLY",
                        "0 LEGACY_ONLY engine 0; 1 DUAL_WRITE legacy 55", "A A", "DUAL_WRITE legacy 55 r2"),
                arguments("a ramp above 100 is invalid", "0 LEGACY_ONLY auto 101", "I", "LEGACY_ONLY auto 100 r0"),
                arguments("a negative ramp is invalid", "0 LEGACY_ONLY auto -1", "I", "LEGACY_ONLY auto 100 r0"),
                arguments("a change without a phase is invalid", "0 - auto 100", "I", "LEGACY_ONLY auto 100 r0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("logs")
    void foldsTheLogDeterministically(String description, String log, String outcomes, String finalState) {
        List<ControlEvent> events = parse(log);

        ControlFold fold = new ControlFold();
        List<String> seen = new ArrayList<>();
        for (ControlEvent event : events) {
            seen.add(letter(fold.apply(event)));
        }
        assertThat(String.join(" ", seen)).as("outcomes").isEqualTo(outcomes);
        assertThat(describe(fold.state())).as("final state").isEqualTo(finalState);
        assertThat(fold.audit()).as("one audit entry per accepted event").hasSize((int) seen.stream().filter("A"::equals).count());

        ControlFold replay = new ControlFold();
        events.forEach(event -> replay.apply(ControlEvent.fromJson(event.toJson())));
        assertThat(replay.state()).as("a replay of the same log, read back from JSON").isEqualTo(fold.state());
        assertThat(replay.audit()).isEqualTo(fold.audit());
    }

    @Test
    void acceptedChangeIsAuditedWithWhoWhenWhyFromToAndForce() {
        Instant at = Instant.parse("2026-11-27T12:00:00.123Z");
        ControlChange change = new ControlChange(0, MigrationPhase.DUAL_WRITE, ReadFlag.AUTO, 100, "phase", "alice",
                "backfill started", true, List.of("engine-reachable: FAILED (the engine did not answer)"));

        ControlFold fold = new ControlFold();
        ControlFold.Outcome outcome = fold.apply(new ControlEvent(UUID.randomUUID(), at, change));

        assertThat(outcome).isInstanceOf(ControlFold.Accepted.class);
        AuditEntry entry = fold.audit().get(0);
        assertThat(entry.revision()).isEqualTo(1);
        assertThat(entry.at()).isEqualTo(at);
        assertThat(entry.actor()).isEqualTo("alice");
        assertThat(entry.reason()).isEqualTo("backfill started");
        assertThat(entry.action()).isEqualTo("phase");
        assertThat(entry.forced()).isTrue();
        assertThat(entry.guards()).containsExactly("engine-reachable: FAILED (the engine did not answer)");
        assertThat(entry.from()).isEqualTo(ControlState.initial());
        assertThat(entry.to()).isEqualTo(new ControlState(MigrationPhase.DUAL_WRITE, ReadFlag.AUTO, 100, 1, at));
        assertThat(fold.state().changedAt()).isEqualTo(at);
    }

    @Test
    void refusalsNameTheRule() {
        ControlState engineOnly = new ControlState(MigrationPhase.ENGINE_ONLY, ReadFlag.AUTO, 100, 5, Instant.EPOCH);
        assertThat(ControlFold.violation(engineOnly, MigrationPhase.WRITE_ENGINE, ReadFlag.AUTO, 100))
                .contains("ENGINE_ONLY is the point of no return: legacy receives no writes any more, so no step back"
                        + " to WRITE_ENGINE is possible");
        assertThat(ControlFold.violation(engineOnly, MigrationPhase.ENGINE_ONLY, ReadFlag.LEGACY, 100))
                .contains(ControlFold.LEGACY_FLAG_IN_ENGINE_ONLY);
        assertThat(ControlFold.violation(ControlState.initial(), MigrationPhase.READ_ENGINE, ReadFlag.AUTO, 100))
                .contains("LEGACY_ONLY cannot step to READ_ENGINE (allowed from LEGACY_ONLY: [DUAL_WRITE])");
        assertThat(ControlFold.violation(ControlState.initial(), MigrationPhase.LEGACY_ONLY, ReadFlag.AUTO, 101))
                .contains("rampPercent 101 is out of range (valid: 0 to 100)");
    }

    @Test
    void eventWithUnknownFieldsIsStillRead() {
        ControlEvent event = parse("0 DUAL_WRITE auto 100").get(0);
        String withExtra = event.toJson().replaceFirst("\\{", "{\"addedLater\":true,");

        assertThat(ControlEvent.fromJson(withExtra)).isEqualTo(event);
    }

    @Test
    void anEventWrittenBeforeTheAutoCutoverSettingExistedFoldsAsOff() {
        String before = "{\"id\":\"" + UUID.randomUUID() + "\",\"at\":\"2026-01-01T00:00:01Z\",\"change\":"
                + "{\"expectedRevision\":0,\"phase\":\"DUAL_WRITE\",\"readFlag\":\"AUTO\",\"rampPercent\":100,"
                + "\"action\":\"phase\",\"actor\":\"alice\",\"reason\":\"old\",\"forced\":false,\"guards\":[]}}";
        ControlFold fold = new ControlFold();
        fold.apply(ControlEvent.fromJson(before));

        assertThat(fold.state().phase()).isEqualTo(MigrationPhase.DUAL_WRITE);
        assertThat(fold.state().autoCutover()).isFalse();
    }

    @Test
    void theAutoCutoverSettingIsFoldedAuditedAndSurvivesTheLog() {
        ControlFold fold = new ControlFold();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        List<ControlChange> changes = List.of(
                new ControlChange(0, MigrationPhase.DUAL_WRITE, ReadFlag.AUTO, 100, false, "phase", "alice", "start", false, List.of()),
                new ControlChange(1, MigrationPhase.DUAL_WRITE, ReadFlag.AUTO, 100, true, "auto-cutover", "alice", "go", false, List.of()),
                new ControlChange(2, MigrationPhase.SHADOW_READ, ReadFlag.AUTO, 100, true, "phase", "bob", "on", false, List.of()),
                new ControlChange(3, MigrationPhase.SHADOW_READ, ReadFlag.AUTO, 100, false, "auto-cutover", "bob", "stop", false, List.of()));
        for (ControlChange change : changes) {
            at = at.plusSeconds(1);
            fold.apply(ControlEvent.fromJson(new ControlEvent(UUID.randomUUID(), at, change).toJson()));
        }

        assertThat(fold.audit()).extracting(entry -> entry.from().autoCutover() + "->" + entry.to().autoCutover())
                .containsExactly("false->false", "false->true", "true->true", "true->false");
        assertThat(fold.state().autoCutover()).isFalse();
        assertThat(fold.state().revision()).isEqualTo(4);
    }

    @Test
    void aFenceHoldsWritesUntilTheFlipOrItsDeadlineAndSurvivesTheLog() {
        ControlFold fold = new ControlFold();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        for (MigrationPhase phase : List.of(MigrationPhase.DUAL_WRITE, MigrationPhase.SHADOW_READ, MigrationPhase.READ_ENGINE)) {
            fold.apply(new ControlEvent(UUID.randomUUID(), at, change(fold.state().revision(), phase, null)));
        }
        ControlEvent fence = new ControlEvent(UUID.randomUUID(), at.plusSeconds(1), change(fold.state().revision(),
                MigrationPhase.READ_ENGINE, new ControlChange.Hold(MigrationPhase.WRITE_ENGINE, 5_000)));

        assertThat(fold.apply(ControlEvent.fromJson(fence.toJson()))).isInstanceOf(ControlFold.Accepted.class);
        WriteFence held = fold.state().fence();
        assertThat(held).isEqualTo(new WriteFence(MigrationPhase.WRITE_ENGINE, at.plusSeconds(1), at.plusSeconds(6)));
        assertThat(fold.state().writesHeld(at.plusSeconds(5))).isTrue();
        assertThat(fold.state().writesHeld(at.plusSeconds(6))).as("past its deadline a fence holds nobody").isFalse();
        assertThat(fold.state().phase()).isEqualTo(MigrationPhase.READ_ENGINE);

        fold.apply(new ControlEvent(UUID.randomUUID(), at.plusSeconds(2), change(fold.state().revision(),
                MigrationPhase.WRITE_ENGINE, null)));
        assertThat(fold.state().phase()).isEqualTo(MigrationPhase.WRITE_ENGINE);
        assertThat(fold.state().fence()).as("the flip lifts the fence").isNull();
    }

    @Test
    void aFenceMustKeepThePhaseAndPointAtAnAllowedStep() {
        ControlFold fold = new ControlFold();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(fold.apply(new ControlEvent(UUID.randomUUID(), at, change(0, MigrationPhase.DUAL_WRITE,
                new ControlChange.Hold(MigrationPhase.WRITE_ENGINE, 5_000)))))
                .isEqualTo(new ControlFold.Invalid("a write fence in DUAL_WRITE toward WRITE_ENGINE is not a step from the"
                        + " current phase LEGACY_ONLY"));
        assertThat(fold.apply(new ControlEvent(UUID.randomUUID(), at, change(0, MigrationPhase.LEGACY_ONLY,
                new ControlChange.Hold(MigrationPhase.DUAL_WRITE, 0)))))
                .isInstanceOf(ControlFold.Invalid.class);
        assertThat(fold.state().revision()).isZero();
    }

    private static ControlChange change(long revision, MigrationPhase phase, ControlChange.Hold hold) {
        return new ControlChange(revision, phase, ReadFlag.AUTO, 100, false,
                hold == null ? "phase" : ControlChange.SWITCH_FENCE, "tester", "case", false, List.of(), hold);
    }

    private static List<ControlEvent> parse(String log) {
        List<ControlEvent> events = new ArrayList<>();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        for (String text : log.split(";")) {
            if (text.isBlank()) {
                continue;
            }
            String[] parts = text.strip().split(" ");
            MigrationPhase phase = parts[1].equals("-") ? null : MigrationPhase.valueOf(parts[1]);
            ControlChange change = new ControlChange(Long.parseLong(parts[0]), phase, ReadFlag.parse(parts[2]),
                    Integer.parseInt(parts[3]), "phase", "tester", "case", false, List.of());
            at = at.plusSeconds(1);
            events.add(new ControlEvent(UUID.randomUUID(), at, change));
        }
        return events;
    }

    private static String letter(ControlFold.Outcome outcome) {
        if (outcome instanceof ControlFold.Accepted) {
            return "A";
        }
        return outcome instanceof ControlFold.Conflict ? "C" : "I";
    }

    private static String describe(ControlState state) {
        return String.join(" ", Arrays.asList(state.phase().name(), state.readFlag().wireName(),
                Integer.toString(state.rampPercent()), "r" + state.revision()));
    }
}
