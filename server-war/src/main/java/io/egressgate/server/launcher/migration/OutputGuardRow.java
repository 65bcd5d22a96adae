package io.egressgate.server.launcher.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One row of outputGuard's {@code crawler_proxies}. outputGuard wrote {@code types} "IP" for an
 * address or CIDR (then {@code ip} and {@code name} both hold it) and "Domain" for a domain (then
 * {@code name} is the domain and {@code ip} one address it resolved to, a row per address);
 * {@code is_no_del} is its "not deletable" flag and {@code is_local_net} marks a private address.
 */
public record OutputGuardRow(String types, String ip, String name, boolean noDelete, boolean localNet,
                             LocalDateTime createdAt) {

    public static final String DEFAULT_TABLE = "crawler_proxies";
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    public boolean isDomain() {
        return "domain".equalsIgnoreCase(types == null ? "" : types.strip());
    }

    public boolean isAddress() {
        return "ip".equalsIgnoreCase(types == null ? "" : types.strip());
    }

    /** Every row, oldest first. */
    public static List<OutputGuardRow> readAll(Connection connection, String table) throws SQLException {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("'" + table + "' is not a table name (letters, digits, underscore)");
        }
        List<OutputGuardRow> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT types, ip, name, is_no_del, is_local_net, created_at FROM "
                     + table + " ORDER BY created_at")) {
            while (result.next()) {
                rows.add(new OutputGuardRow(result.getString("types"), result.getString("ip"), result.getString("name"),
                        result.getBoolean("is_no_del"), result.getBoolean("is_local_net"),
                        result.getObject("created_at", LocalDateTime.class)));
            }
        }
        return rows;
    }
}
