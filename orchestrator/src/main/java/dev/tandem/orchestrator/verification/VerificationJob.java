package dev.tandem.orchestrator.verification;

import dev.tandem.orchestrator.control.ControlPlane;
import dev.tandem.orchestrator.stores.JdbcConnections;
import dev.tandem.verification.Verification;
import dev.tandem.verification.VerificationReport;
import dev.tandem.verification.VerificationSchema;
import dev.tandem.verification.VerificationSettings;
import dev.tandem.verification.VerificationStatus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * The orchestrator's handle on full verifications. Runs, chunk results and differences are durable
 * in the engine database, so any instance reports the latest run, and a run whose instance died is
 * resumed by the next start in the same phase. A run counts for the guards while it is fresh: done
 * in the current phase and younger than {@code tandem.verification.max-age}.
 */
@ApplicationScoped
public class VerificationJob {
    @Inject
    JdbcConnections connections;
    @Inject
    ControlPlane control;
    @Inject
    VerificationConfig config;

    private Verification verification;

    void onStart(@Observes StartupEvent event) {
        connections.migrateEngine(VerificationSchema::migrate);
        verification = new Verification(connections.legacy(), connections.engine(),
                VerificationSettings.defaults().withThreads(config.threads()));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (verification != null) {
            verification.close();
        }
    }

    /** Starts a run in the current phase (or resumes its unfinished one); answers its id at once. */
    public long start() {
        return verification.start(control.current().phase().name());
    }

    public Optional<VerificationStatus> latest() {
        return verification.status();
    }

    public Optional<VerificationStatus> run(long runId) {
        return verification.status(runId);
    }

    public VerificationReport report(long runId) {
        return verification.report(runId);
    }

    /** Whether {@code status} still stands for the current phase. */
    public boolean isFresh(VerificationStatus status) {
        return status.isFresh(config.maxAge(), control.current().phase().name());
    }

    public VerificationConfig config() {
        return config;
    }
}
