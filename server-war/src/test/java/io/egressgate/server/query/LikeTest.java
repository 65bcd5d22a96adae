package io.egressgate.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The patterns on a real H2, as the server runs it by default and in MySQL mode. */
class LikeTest {

    private static final List<String> STORED = List.of("a%b.example.com", "axb.example.com", "a_b.example.com",
            "a!b.example.com", "ab.example.com", "a!!b.example.com");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a%b | a%b.example.com",
            "a_b | a_b.example.com",
            "a!b | a!b.example.com",
            "a!!b | a!!b.example.com",
            "xb. | axb.example.com",
            "% | a%b.example.com",
            "_ | a_b.example.com"})
    void whatWasTypedMatchesItselfOnly(String typed, String only) throws Exception {
        for (String mode : List.of("", ";MODE=MySQL")) {
            assertThat(matching(mode, typed)).as(mode).containsExactly(only);
        }
    }

    private static List<String> matching(String mode, String typed) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:h2:mem:like" + mode.hashCode() + mode)) {
            try (Statement create = db.createStatement()) {
                create.execute("CREATE TABLE IF NOT EXISTS entry (entry_value VARCHAR(255))");
                create.execute("DELETE FROM entry");
            }
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO entry VALUES (?)")) {
                for (String value : STORED) {
                    insert.setString(1, value);
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement query = db.prepareStatement(
                    "SELECT entry_value FROM entry WHERE entry_value LIKE ?" + Like.ESCAPE + " ORDER BY 1")) {
                query.setString(1, Like.containing(typed));
                List<String> found = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                }
                return found;
            }
        }
    }
}
