package io.egressgate.server.security;

import io.egressgate.server.startup.OperatorCommand;
import io.egressgate.server.startup.StartupFailure;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code reset-admin}: when every admin token and console admin is lost, whoever can read the data
 * directory or the database configuration makes a new admin token (in {@value #TOKEN_FILE}, 0600)
 * and gives the console user "admin" that token as its password and the admin role. Existing
 * tokens and users stay as they are; both changes are in the audit log.
 */
@Singleton
@Startup
@DependsOn("AdminBootstrap")
public class AdminReset {

    static final String TOKEN_FILE = "reset-admin-token";

    @Inject
    TokenStore tokens;

    @Inject
    ConsoleUsers users;

    @Inject
    @ConfigProperty(name = "egressgate.data_dir", defaultValue = "data")
    String dataDir;

    @PostConstruct
    void resetWhenAsked() {
        OperatorCommand command = OperatorCommand.RESET_ADMIN;
        if (!command.requested()) {
            return;
        }
        TokenStore.Issued issued = tokens.create("reset admin " + LocalDate.now(ZoneOffset.UTC), Role.ADMIN,
                command.actor());
        Path file = Path.of(dataDir).resolve(TOKEN_FILE);
        try {
            PrivateFile.write(file, issued.secret() + "\n");
        } catch (IOException e) {
            // the token is useless to anyone now: nobody has its secret
            tokens.revoke(issued.token().id(), command.actor());
            String reason = "cannot write the new admin token to " + file + ": " + e.getMessage();
            StartupFailure.report(reason);
            throw new IllegalStateException(reason, e);
        }
        users.resetAdmin(issued.secret(), command.actor());
        command.done("new admin API token '" + issued.token().name() + "' is in " + file
                + " (readable by this user only); console user 'admin' is an admin again and its password is"
                + " that token: sign in and change it under Account");
    }
}
