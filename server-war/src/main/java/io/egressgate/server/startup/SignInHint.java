package io.egressgate.server.startup;

/**
 * How to sign in to a server that has just made its first admin, for the launcher's ready block.
 * Never a secret: it says where the secret is.
 */
public final class SignInHint {

    static final String PROPERTY = "egressgate.startup.sign_in";

    private SignInHint() {
    }

    public static void tell(String hint) {
        System.setProperty(PROPERTY, hint);
    }
}
