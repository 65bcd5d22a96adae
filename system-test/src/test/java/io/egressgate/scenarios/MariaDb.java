package io.egressgate.scenarios;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The MariaDB the scenarios run on (127.0.0.1:3306, root without password), a database per scenario. */
final class MariaDb {

    static final String HOST = System.getenv().getOrDefault("EGRESS_GATE_IT_MYSQL_HOST", "127.0.0.1");

    private MariaDb() {
    }

    /** Drops and creates {@code database}; a MariaDB that does not answer makes the scenario fail with why. */
    static void freshDatabase(String database) {
        try {
            sql("DROP DATABASE IF EXISTS " + database, "CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            Requirements.unmet("MariaDB is not reachable at " + HOST + ":3306 as root without password ("
                    + e.getMessage() + "); ./dev test starts it");
        }
    }

    static void drop(String database) throws SQLException {
        sql("DROP DATABASE IF EXISTS " + database);
    }

    /** The server's YAML lines for {@code database}. */
    static List<String> yaml(String database) {
        return List.of("db_user: \"root\"", "db_password: \"\"", "db_server: \"" + HOST + "\"", "db_port: \"3306\"",
                "db_name: \"" + database + "\"");
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:mysql://" + HOST + ":3306/?user=root&connectTimeout=3000");
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
