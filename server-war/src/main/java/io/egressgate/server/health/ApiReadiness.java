package io.egressgate.server.health;

import io.egressgate.server.allowlist.Allowlist;
import io.egressgate.server.allowlist.Version;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means the API would answer: the application is deployed, the schema is migrated and the
 * database answers the same query every API call depends on.
 */
@Readiness
@ApplicationScoped
public class ApiReadiness implements HealthCheck {

    @Inject
    Allowlist allowlist;

    @Override
    public HealthCheckResponse call() {
        try {
            Version version = allowlist.current();
            return HealthCheckResponse.named("api").up()
                    .withData("epoch", version.epoch()).withData("revision", version.revision()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("api").down()
                    .withData("reason", String.valueOf(e.getMessage()).lines().findFirst().orElse("database error"))
                    .build();
        }
    }
}
