package io.egressgate.server.security;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The configuration's secrets (admin_token, admin_password), handed over by the launcher in a
 * file it creates 0600 and names in {@value #LOCATION_PROPERTY}. System properties would do the
 * same job, but any code in the JVM can list them ({@code jcmd VM.system_properties} too); the
 * file's name is no secret. Read once: the launcher deletes the file once the server is up.
 */
public final class SecretsFile implements ConfigSource {

    public static final String LOCATION_PROPERTY = "egressgate.secrets_file";

    private final Map<String, String> values = load();

    private static Map<String, String> load() {
        String location = System.getProperty(LOCATION_PROPERTY);
        if (location == null || !Files.isRegularFile(Path.of(location))) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(location), StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the launcher's secrets file " + location, e);
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return Map.copyOf(values);
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return "egress-gate launcher secrets";
    }

    @Override
    public int getOrdinal() {
        return 400; // as system properties, where the other configuration keys come from
    }
}
