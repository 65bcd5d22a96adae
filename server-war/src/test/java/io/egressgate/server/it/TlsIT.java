package io.egressgate.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * With -ssl-port and no keystore configured, the server makes a certificate and serves HTTPS with it;
 * over HTTPS browsers are told to stay on HTTPS and the session cookie is Secure. This server also
 * has {@code metrics_public: true}.
 */
class TlsIT {

    @Test
    void aSelfSignedCertificateIsMadeOnceAndServed() throws Exception {
        int sslPort = RunningServer.freePort();
        Path config = Files.createTempFile("egress-gate-tls", ".yaml");
        Files.writeString(config, "ssl_port: " + sslPort + "\nmetrics_public: true\n");
        try (RunningServer server = new RunningServer("tls", config).start()) {
            Path keystore = server.dataDir().resolve("tls/server.p12");
            String password = Files.readString(server.dataDir().resolve("tls/server.p12.password")).strip();
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, password.toCharArray());
            }
            Certificate certificate = store.getCertificate("egress-gate");
            String fingerprint = HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
            assertThat(server.log()).contains(fingerprint);

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(context).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + sslPort + "/api/v1/entries"))
                    .header("Authorization", "Bearer " + RunningServer.ADMIN_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"items\"");
            assertThat(response.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");

            HttpResponse<String> signIn = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + sslPort + "/login.xhtml")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(signIn.headers().allValues("Set-Cookie")).anySatisfy(cookie ->
                    assertThat(cookie).startsWith("JSESSIONID=").containsIgnoringCase("; Secure"));
            HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.baseUrl() + "/login.xhtml")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(plain.headers().allValues("Set-Cookie")).anySatisfy(cookie ->
                    assertThat(cookie).startsWith("JSESSIONID=").doesNotContainIgnoringCase("secure"));

            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.baseUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).as("metrics_public: true").isEqualTo(200);
            assertThat(metrics.body()).contains("egressgate_allowlist_size");
        }
    }
}
