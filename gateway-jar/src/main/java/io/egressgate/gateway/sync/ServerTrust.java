package io.egressgate.gateway.sync;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/**
 * Which certificates the gateway trusts for {@code wss://}: the JVM's defaults, a PEM file of CA
 * certificates (for a private CA), or a trust store (PKCS12 or JKS).
 */
public final class ServerTrust {

    private ServerTrust() {
    }

    /** Null means the JVM's default trust. */
    public static SSLContext context(Path caFile, Path trustStore, char[] trustStorePassword) {
        try {
            if (caFile == null && trustStore == null) {
                return null;
            }
            KeyStore store;
            if (trustStore != null) {
                store = KeyStore.getInstance(trustStore.toFile(), trustStorePassword);
            } else {
                store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
            }
            if (caFile != null) {
                Collection<? extends Certificate> certificates;
                try (InputStream in = Files.newInputStream(caFile)) {
                    certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
                }
                if (certificates.isEmpty()) {
                    throw new IllegalArgumentException("no certificate in " + caFile);
                }
                int i = 0;
                for (Certificate certificate : certificates) {
                    store.setCertificateEntry("ca-" + i++, certificate);
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load the server's CA or trust store: " + e.getMessage(), e);
        }
    }
}
