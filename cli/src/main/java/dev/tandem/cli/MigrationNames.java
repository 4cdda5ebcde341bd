package dev.tandem.cli;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The phase and read-flag names the admin API accepts, so that a typo is a usage error before anything
 * is sent. They mirror {@code MigrationPhase} and {@code ReadFlag} of the orchestrator, which the CLI
 * does not depend on (it talks to the admin API only); {@code TandemCliIT} sends every
 * name to a real orchestrator and fails when the two drift apart.
 */
public final class MigrationNames {
    /** The phases in order, from legacy alone to the engine alone. */
    public static final List<String> PHASES = List.of(
            "LEGACY_ONLY", "DUAL_WRITE", "SHADOW_READ", "READ_ENGINE", "WRITE_ENGINE", "ENGINE_ONLY");

    /** Values of the read flag: {@code auto} follows the phase, the others override it at once. */
    public static final List<String> READ_FLAGS = List.of("legacy", "engine", "auto");

    private MigrationNames() {
    }

    /** The phase named {@code value}, in any letter case, in the API's spelling. */
    public static Optional<String> phase(String value) {
        String upper = value.toUpperCase(Locale.ROOT).replace('-', '_');
        return PHASES.contains(upper) ? Optional.of(upper) : Optional.empty();
    }

    /** The read flag named {@code value}, in any letter case, in the API's spelling. */
    public static Optional<String> readFlag(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return READ_FLAGS.contains(lower) ? Optional.of(lower) : Optional.empty();
    }
}
