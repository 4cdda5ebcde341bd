package dev.tandem.orchestrator.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until this instance has replayed the control log: before that it does not know the
 * phase, and would route reads and writes as if the migration had not started. Not ready either
 * while its {@link ControlLease} has lapsed: it admits no write then, and may read by a stale flag.
 */
@Readiness
@ApplicationScoped
public class ControlPlaneReadiness implements HealthCheck {
    public static final String NAME = "control-plane";

    @Inject
    KafkaControlPlane controlPlane;
    @Inject
    ControlLease lease;

    @Override
    public HealthCheckResponse call() {
        ControlState state = controlPlane.current();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .status(controlPlane.ready() && lease.problem().isEmpty())
                .withData("topic", controlPlane.topic())
                .withData("revision", state.revision())
                .withData("phase", state.phase().name())
                .withData("reads", state.readFlag().wireName());
        controlPlane.followProblem().or(lease::problem).ifPresent(problem -> response.withData("problem", problem));
        return response.build();
    }
}
