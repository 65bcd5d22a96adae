package io.egressgate.server.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the allowlist is stored: the embedded H2 file under the data directory, or MySQL. Either
 * way the WAR sees the same JDBC resource, {@value #JNDI_NAME}, as it would on a full Payara Server.
 */
public sealed interface DatabaseTarget {

    String JNDI_NAME = "jdbc/egressgate";
    String POOL_NAME = "egressgatePool";

    /** Class name of the pool's {@code javax.sql.DataSource}. */
    String dataSourceClass();

    /** The pool's data-source properties, unescaped. */
    Map<String, String> properties();

    /** A description for the log: never contains a password. */
    String describe();

    /** Fails with one clear line when the database cannot be reached. */
    void checkReachable();

    /** For the operator commands: the embedded file may have only one user, and that must not be a running server. */
    default void checkNotInUse() {
    }

    static DatabaseTarget from(ServerConfig config, Path dataDir) {
        if (!config.usesMysql()) {
            return new EmbeddedH2(dataDir.resolve("egressgate"));
        }
        return new Mysql(config.require("db_server"),
                ConfigException.requirePort("db_port", config.require("db_port")),
                config.require("db_name"), config.require("db_user"), config.require("db_password"),
                DatabaseTls.from(config));
    }

    /** The asadmin commands that create the pool and the JDBC resource. */
    default List<List<String>> poolCommands() {
        List<String> pool = new ArrayList<>(List.of("create-jdbc-connection-pool",
                "--datasourceclassname", dataSourceClass(), "--restype", "javax.sql.DataSource",
                "--steadypoolsize", "4", "--maxpoolsize", "32",
                "--isconnectvalidatereq", "true", "--validationmethod", "auto-commit",
                "--failconnection", "true"));
        StringBuilder properties = new StringBuilder();
        properties().forEach((name, value) -> {
            if (properties.length() > 0) {
                properties.append(':');
            }
            properties.append(name).append('=').append(escapeAsadmin(value));
        });
        pool.addAll(List.of("--property", properties.toString(), POOL_NAME));
        return List.of(pool, List.of("create-jdbc-resource", "--connectionpoolid", POOL_NAME, JNDI_NAME));
    }

    /** asadmin splits property lists on ':' and '='; a backslash keeps them in the value. */
    static String escapeAsadmin(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
    }

    record EmbeddedH2(Path file) implements DatabaseTarget {
        @Override
        public String dataSourceClass() {
            return "org.h2.jdbcx.JdbcDataSource";
        }

        @Override
        public Map<String, String> properties() {
            // WRITE_DELAY=0: a commit reaches the file before the API answers, so kill -9 loses nothing.
            // The pool insists on a password; the file's own permissions are what protect it.
            return Map.of("URL", "jdbc:h2:file:" + file.toAbsolutePath() + ";WRITE_DELAY=0",
                    "user", "egressgate", "password", "egressgate");
        }

        @Override
        public String describe() {
            return "embedded H2 database " + file.toAbsolutePath() + ".mv.db";
        }

        @Override
        public void checkReachable() {
            // The file is created on first use; the data directory was already checked.
        }

        /** H2 holds a file lock on its database while it is open; a lock we can take is one nobody holds. */
        @Override
        public void checkNotInUse() {
            Path database = Path.of(file + ".mv.db");
            if (!Files.exists(database)) {
                throw new ConfigException("there is no database at " + database.toAbsolutePath()
                        + " (wrong -data-dir?)");
            }
            try (FileChannel channel = FileChannel.open(database, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 FileLock lock = channel.tryLock()) {
                if (lock == null) {
                    throw new ConfigException("the server is running on " + database.toAbsolutePath()
                            + ": stop it first");
                }
            } catch (OverlappingFileLockException e) {
                throw new ConfigException("the server is running on " + database.toAbsolutePath() + ": stop it first");
            } catch (IOException e) {
                throw new ConfigException("cannot open " + database.toAbsolutePath() + ": " + e.getMessage());
            }
        }
    }

    record Mysql(String host, int port, String database, String user, String password, DatabaseTls tls)
            implements DatabaseTarget {
        @Override
        public String dataSourceClass() {
            return "com.mysql.cj.jdbc.MysqlDataSource";
        }

        /**
         * Everything in the URL: a pool with a user property insists on a non-empty password
         * property, but MySQL accounts may have an empty one.
         */
        @Override
        public Map<String, String> properties() {
            return Map.of("URL", jdbcUrl() + "&user=" + encode(user) + "&password=" + encode(password));
        }

        private static String encode(String text) {
            return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        }

        /**
         * With rewriteBatchedStatements the driver sends a JDBC batch (the fleet's acks, a thousand
         * UPDATEs a second) as a few packets instead of one round trip per statement.
         */
        String jdbcUrl() {
            return "jdbc:mysql://" + host + ":" + port + "/" + database
                    + "?connectTimeout=5000&socketTimeout=10000&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true"
                    + tls.urlParameters();
        }

        @Override
        public String describe() {
            return "MySQL database " + database + " at " + host + ":" + port + " as " + user + " (TLS " + tls.mode() + ")";
        }

        @Override
        public void checkReachable() {
            try (Connection connection = DriverManager.getConnection(jdbcUrl(), user, password)) {
                connection.isValid(5);
            } catch (SQLException e) {
                String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("unknown error");
                throw new ConfigException("cannot use " + describe() + ": " + reason);
            }
        }
    }
}
