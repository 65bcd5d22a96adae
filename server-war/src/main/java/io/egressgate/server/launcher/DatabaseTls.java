package io.egressgate.server.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How the server and the importer talk TLS to MySQL: {@code db_ssl_mode} (Connector/J's
 * {@code sslMode}; default PREFERRED) and {@code db_ssl_ca}, a PEM file of the CA certificate(s)
 * that VERIFY_CA and VERIFY_IDENTITY trust instead of the JVM's default trust store.
 */
public record DatabaseTls(Mode mode, Optional<Path> ca) {

    public enum Mode { DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY }

    /** The trust store made from db_ssl_ca holds public certificates only; its password protects nothing. */
    private static final String TRUST_STORE_PASSWORD = "egress-gate-ca";

    static DatabaseTls from(ServerConfig config) {
        Mode mode = config.get("db_ssl_mode").map(DatabaseTls::mode).orElse(Mode.PREFERRED);
        Optional<Path> ca = config.get("db_ssl_ca").map(Path::of);
        ca.ifPresent(file -> {
            if (!Files.isReadable(file)) {
                throw new ConfigException("db_ssl_ca " + file + " does not exist or is not readable");
            }
            if (mode == Mode.DISABLED) {
                throw new ConfigException("db_ssl_ca is set but db_ssl_mode is DISABLED");
            }
        });
        return new DatabaseTls(mode, ca);
    }

    private static Mode mode(String value) {
        try {
            return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("db_ssl_mode must be one of " + Arrays.toString(Mode.values())
                    .replaceAll("[\\[\\]]", "") + ", not '" + value + "'");
        }
    }

    /** Connector/J URL parameters, starting with '&amp;'. */
    public String urlParameters() {
        StringBuilder parameters = new StringBuilder("&sslMode=").append(mode);
        ca.ifPresent(pem -> parameters.append("&trustCertificateKeyStoreUrl=").append(trustStore(pem).toUri())
                .append("&trustCertificateKeyStoreType=PKCS12&trustCertificateKeyStorePassword=").append(TRUST_STORE_PASSWORD)
                .append("&fallbackToSystemTrustStore=false"));
        return parameters.toString();
    }

    /** Connector/J reads key stores only, not PEM: the certificates are copied into a PKCS12 file. */
    private static Path trustStore(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new ConfigException("db_ssl_ca " + pem + " holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            List<? extends Certificate> list = List.copyOf(certificates);
            for (int i = 0; i < list.size(); i++) {
                store.setCertificateEntry("ca-" + i, list.get(i));
            }
            Path file = Files.createTempFile("egress-gate-db-ca", ".p12");
            file.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, TRUST_STORE_PASSWORD.toCharArray());
            }
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("cannot read db_ssl_ca " + pem + ": " + e.getMessage());
        }
    }
}
