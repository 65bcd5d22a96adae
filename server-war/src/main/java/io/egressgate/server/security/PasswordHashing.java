package io.egressgate.server.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Map;

/**
 * Jakarta Security's PBKDF2 with parameters far above Soteria's defaults (2,048 rounds of
 * SHA-256): PBKDF2-HMAC-SHA512 with 210,000 iterations, OWASP's 2023 figure, so that a stolen
 * database does not give up its passwords cheaply. The parameters travel inside every stored hash,
 * so raising them later keeps old hashes verifiable.
 */
@ApplicationScoped
public class PasswordHashing {

    static final int ITERATIONS = 210_000;

    @Inject
    Pbkdf2PasswordHash pbkdf2;

    private String decoy;

    @PostConstruct
    void configure() {
        pbkdf2.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512",
                "Pbkdf2PasswordHash.Iterations", Integer.toString(ITERATIONS),
                "Pbkdf2PasswordHash.SaltSizeBytes", "32",
                "Pbkdf2PasswordHash.KeySizeBytes", "64"));
    }

    public String hash(String password) {
        return pbkdf2.generate(password.toCharArray());
    }

    public boolean matches(String password, String storedHash) {
        return pbkdf2.verify(password.toCharArray(), storedHash);
    }

    /** Spends the same time as a real check, so an unknown user name cannot be told apart by timing. */
    public void decoyCheck(String password) {
        if (decoy == null) {
            decoy = hash("decoy password that matches nothing");
        }
        pbkdf2.verify(password.toCharArray(), decoy);
    }
}
