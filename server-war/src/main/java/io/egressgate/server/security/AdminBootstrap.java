package io.egressgate.server.security;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * On the first start of an empty database, makes the first admin token: the operator's
 * (EGRESS_GATE_ADMIN_TOKEN, else admin_token) or a generated one printed once.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());

    @Inject
    TokenStore tokens;

    @Inject
    @ConfigProperty(name = "egressgate.admin_token")
    Optional<String> configuredToken;

    @PostConstruct
    void createFirstAdmin() {
        if (tokens.count() > 0) {
            return;
        }
        Optional<String> supplied = Optional.ofNullable(System.getenv("EGRESS_GATE_ADMIN_TOKEN"))
                .filter(s -> !s.isBlank()).or(() -> configuredToken.filter(s -> !s.isBlank()));
        if (supplied.isPresent()) {
            String secret = supplied.get().trim();
            if (secret.length() < TokenSecrets.MIN_SUPPLIED_LENGTH) {
                String reason = "the bootstrap admin token must be at least " + TokenSecrets.MIN_SUPPLIED_LENGTH
                        + " characters long";
                System.setProperty("egressgate.startup.failure", reason);
                throw new IllegalStateException(reason);
            }
            tokens.storeSupplied("bootstrap admin", Role.ADMIN, secret);
            LOG.info("created the first admin token from the supplied value (not logged)");
        } else {
            String secret = TokenSecrets.generate();
            tokens.storeSupplied("bootstrap admin", Role.ADMIN, secret);
            // Printed once, on the console only: it is never stored in clear and never shown again.
            System.out.println("egress-gate server: first start; admin API token (shown only now): " + secret);
        }
    }
}
