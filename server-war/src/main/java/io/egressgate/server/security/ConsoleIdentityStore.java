package io.egressgate.server.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/** Jakarta Security's view of the console users: a name and password give the caller and one group. */
@ApplicationScoped
public class ConsoleIdentityStore implements IdentityStore {

    @Inject
    ConsoleUsers users;

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        return users.verify(credential.getCaller(), credential.getPasswordAsString())
                .map(user -> new CredentialValidationResult(user.username(), Set.of(user.role().wireName())))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
