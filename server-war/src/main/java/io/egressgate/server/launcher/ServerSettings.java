package io.egressgate.server.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What the launcher decided from flags, configuration and defaults; flags win over the file. */
record ServerSettings(Path dataDir, int port, Optional<Integer> sslPort, DatabaseTarget database) {

    static final int DEFAULT_PORT = 8080;

    static ServerSettings of(ServerConfig config, Path dataDirFlag, Integer portFlag, Integer sslPortFlag) {
        Path dataDir = (dataDirFlag != null ? dataDirFlag
                : Path.of(config.get("data_dir").orElse("data"))).toAbsolutePath().normalize();
        int port = portFlag != null ? checkPort("-port", portFlag)
                : config.get("port").map(p -> ConfigException.requirePort("port", p)).orElse(DEFAULT_PORT);
        Optional<Integer> sslPort = sslPortFlag != null ? Optional.of(checkPort("-ssl-port", sslPortFlag))
                : config.get("ssl_port").map(p -> ConfigException.requirePort("ssl_port", p));
        prepare(dataDir);
        return new ServerSettings(dataDir, port, sslPort, DatabaseTarget.from(config, dataDir));
    }

    private static int checkPort(String flag, int port) {
        return ConfigException.requirePort(flag, Integer.toString(port));
    }

    private static void prepare(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new ConfigException("cannot create data directory " + dataDir + ": " + e.getMessage());
        }
        if (!Files.isWritable(dataDir)) {
            throw new ConfigException("data directory " + dataDir + " is not writable");
        }
    }

    /** For an operator command, which needs no HTTPS listener. */
    ServerSettings withoutTls() {
        return new ServerSettings(dataDir, port, Optional.empty(), database);
    }

    /** Payara's scratch space; rebuilt on every start, since reusing it deploys the app twice. */
    Path runtimeDir() {
        return dataDir.resolve("runtime");
    }
}
