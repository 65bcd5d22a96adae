package io.egressgate.server.security;

import io.egressgate.server.startup.SignInHint;
import io.egressgate.server.startup.StartupFailure;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * On the first start of an empty database, makes the first admin token: the operator's
 * (EGRESS_GATE_ADMIN_TOKEN, else admin_token) or a generated one, written to
 * {@code <data-dir>/initial-admin-token} (0600) and printed only on a terminal. While the console
 * has no users, it also makes the console user "admin", whose password is EGRESS_GATE_ADMIN_PASSWORD
 * (else admin_password), else that same bootstrap admin token, else a generated one printed once.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());

    @Inject
    TokenStore tokens;

    @Inject
    ConsoleUsers users;

    @Inject
    @ConfigProperty(name = "egressgate.admin_token")
    Optional<String> configuredToken;

    @Inject
    @ConfigProperty(name = "egressgate.admin_password")
    Optional<String> configuredPassword;

    @Inject
    @ConfigProperty(name = "egressgate.data_dir", defaultValue = "data")
    String dataDir;

    static final String TOKEN_FILE = "initial-admin-token";

    @PostConstruct
    void createFirstAdmin() {
        Optional<String> supplied = supplied();
        Optional<String> tokenSecret = tokens.count() > 0 ? supplied : Optional.of(createFirstToken(supplied));
        if (users.count() == 0) {
            createConsoleAdmin(tokenSecret);
        }
    }

    private Optional<String> supplied() {
        return Optional.ofNullable(System.getenv("EGRESS_GATE_ADMIN_TOKEN"))
                .filter(s -> !s.isBlank()).or(() -> configuredToken.filter(s -> !s.isBlank())).map(String::trim);
    }

    private String createFirstToken(Optional<String> supplied) {
        if (supplied.isPresent()) {
            String secret = supplied.get();
            if (secret.length() < TokenSecrets.MIN_SUPPLIED_LENGTH) {
                fail("the bootstrap admin token must be at least " + TokenSecrets.MIN_SUPPLIED_LENGTH
                        + " characters long");
            }
            tokens.storeSupplied("bootstrap admin", Role.ADMIN, secret);
            LOG.info("created the first admin token from the supplied value (not logged)");
            return secret;
        }
        String secret = TokenSecrets.generate();
        Path file = writeTokenFile(secret);
        tokens.storeSupplied("bootstrap admin", Role.ADMIN, secret);
        LOG.info("first start: created the first admin API token; it is in " + file
                + " (readable by this user only; delete it once you have stored the token elsewhere)");
        // A terminal is a person watching; stdout redirected to a file or a journal keeps no secret.
        if (System.console() != null) {
            System.out.println("egress-gate server: first start; admin API token (shown only now): " + secret);
        }
        return secret;
    }

    private Path writeTokenFile(String secret) {
        Path file = Path.of(dataDir).resolve(TOKEN_FILE);
        try {
            PrivateFile.write(file, secret + "\n");
        } catch (IOException e) {
            fail("cannot write the first admin token to " + file + ": " + e.getMessage());
        }
        return file;
    }

    private void createConsoleAdmin(Optional<String> tokenSecret) {
        Optional<String> password = Optional.ofNullable(System.getenv("EGRESS_GATE_ADMIN_PASSWORD"))
                .filter(s -> !s.isBlank()).or(() -> configuredPassword.filter(s -> !s.isBlank())).map(String::trim);
        if (password.isPresent()) {
            if (password.get().length() < ConsoleUsers.MIN_PASSWORD) {
                fail("the bootstrap admin password must be at least " + ConsoleUsers.MIN_PASSWORD + " characters long");
            }
            users.createFirstAdmin(password.get());
            LOG.info("created console user admin with the supplied password (not logged)");
            SignInHint.tell("user admin with the password you supplied (admin_password or EGRESS_GATE_ADMIN_PASSWORD)");
        } else if (tokenSecret.isPresent()) {
            users.createFirstAdmin(tokenSecret.get());
            SignInHint.tell("user admin; the password is the admin API token"
                    + (supplied().isPresent() ? " you supplied" : " in " + Path.of(dataDir).resolve(TOKEN_FILE))
                    + " (change it under Account)");
        } else {
            String generated = TokenSecrets.generate().substring(TokenSecrets.PREFIX.length());
            users.createFirstAdmin(generated);
            System.out.println("egress-gate server: console user 'admin' created; password (shown only now): "
                    + generated);
            SignInHint.tell("user admin with the password printed above (shown only once)");
        }
    }

    private static void fail(String reason) {
        StartupFailure.report(reason);
        throw new IllegalStateException(reason);
    }
}
