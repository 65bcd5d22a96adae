package io.egressgate.gateway.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerTrustTest {

    @TempDir
    Path dir;

    private void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
    }

    @Test
    void noCaAndNoTrustStoreMeansTheJvmDefaults() {
        assertThat(ServerTrust.context(null, null, null)).isNull();
    }

    @Test
    void aPemCaAndATrustStoreAreBothUsable() throws Exception {
        Path keystore = dir.resolve("server.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=egress-gate test CA", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit");
        Path pem = dir.resolve("ca.pem");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", pem.toString());

        SSLContext fromPem = ServerTrust.context(pem, null, null);
        SSLContext fromStore = ServerTrust.context(null, keystore, "changeit".toCharArray());

        assertThat(handshakeSucceeds(keystore, fromPem)).isTrue();
        assertThat(handshakeSucceeds(keystore, fromStore)).isTrue();
        assertThat(handshakeSucceeds(keystore, SSLContext.getDefault())).as("the JVM's CAs do not know it").isFalse();
    }

    /** A TLS handshake on loopback against a server presenting the test CA's own certificate. */
    private static boolean handshakeSucceeds(Path keystore, SSLContext client) throws Exception {
        KeyStore keys = KeyStore.getInstance(keystore.toFile(), "changeit".toCharArray());
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keyManagers.getKeyManagers(), null, null);
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    socket.setSoTimeout(5000);
                    socket.startHandshake();
                } catch (Exception e) {
                    // the client refused the certificate
                }
            });
            accept.start();
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                socket.setSoTimeout(5000);
                socket.startHandshake();
                return true;
            } catch (SSLException e) {
                return false;
            } finally {
                accept.join(5000);
            }
        }
    }

    @Test
    void aFileWithoutCertificatesIsRefusedClearly() throws Exception {
        Path pem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");

        assertThatThrownBy(() -> ServerTrust.context(pem, null, null))
                .hasMessageContaining("cannot load the server's CA or trust store");
        assertThatThrownBy(() -> ServerTrust.context(dir.resolve("missing.pem"), null, null))
                .hasMessageContaining("missing.pem");
    }
}
