package io.egressgate.server.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server's certificate for HTTPS and wss://: the operator's PKCS12 keystore, or a self-signed
 * one made on first start under the data directory (its fingerprint printed so gateways can pin it).
 */
record TlsSetup(Path keystore, String password, String alias, String fingerprint) {

    static final String GENERATED_ALIAS = "egress-gate";

    static TlsSetup from(ServerConfig config, Path dataDir) {
        if (config.get("tls_keystore").isPresent()) {
            Path keystore = Path.of(config.get("tls_keystore").get()).toAbsolutePath();
            String password = config.get("tls_keystore_password").orElseThrow(() ->
                    new ConfigException("tls_keystore is set but tls_keystore_password is not"));
            return load(keystore, password);
        }
        return generatedUnder(dataDir.resolve("tls"));
    }

    private static TlsSetup generatedUnder(Path dir) {
        Path keystore = dir.resolve("server.p12");
        Path passwordFile = dir.resolve("server.p12.password");
        try {
            if (!Files.exists(keystore)) {
                Files.createDirectories(dir);
                String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random(24));
                Files.deleteIfExists(passwordFile); // from a keystore since removed
                Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(passwordFile, password);
                generate(keystore, passwordFile);
                TlsSetup made = load(keystore, password);
                System.out.println("egress-gate server: made a self-signed TLS certificate " + keystore
                        + " (SHA-256 fingerprint " + made.fingerprint() + ")");
                return made;
            }
            return load(keystore, Files.readString(passwordFile).strip());
        } catch (IOException e) {
            throw new ConfigException("cannot prepare the TLS keystore in " + dir + ": " + e.getMessage());
        }
    }

    /** keytool reads the password from its 0600 file: a command line is visible to every user (ps). */
    private static void generate(Path keystore, Path passwordFile) {
        String host = hostname();
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", GENERATED_ALIAS,
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "825",
                "-dname", "CN=" + host, "-ext", "SAN=dns:" + host + ",dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass:file", passwordFile.toString());
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new ConfigException("keytool could not make a certificate: " + output.strip());
            }
        } catch (IOException e) {
            throw new ConfigException("cannot run " + keytool + " to make a certificate: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while making a certificate");
        }
    }

    private static TlsSetup load(Path keystore, String password) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            String alias = Collections.list(store.aliases()).stream().filter(a -> isKey(store, a)).findFirst()
                    .orElseThrow(() -> new ConfigException(keystore + " holds no private key"));
            Certificate certificate = store.getCertificate(alias);
            String fingerprint = HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
            return new TlsSetup(keystore, password, alias, fingerprint);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("cannot read TLS keystore " + keystore + ": " + e.getMessage());
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * The asadmin settings that make Payara Micro's SSL listener serve this keystore. They go into
     * the listener's configuration (domain.xml, in the 0700 runtime directory), not into the
     * javax.net.ssl system properties, which any code in the JVM can list. The type stays JKS (the
     * only file type Payara's setting accepts): the JDK's JKS keystore reads PKCS12 files too.
     */
    List<List<String>> listenerCommands() {
        String ssl = "configs.config.server-config.network-config.protocols.protocol.https-listener.ssl.";
        return List.of(
                List.of("set", ssl + "key-store=" + keystore),
                List.of("set", ssl + "key-store-password=" + password));
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
