package io.egressgate.server.denied;

import io.egressgate.server.query.InList;
import io.egressgate.server.query.Like;
import io.egressgate.server.schema.BoundedDelete;
import io.egressgate.server.schema.Retention;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * {@code eg_denied}: one row per gateway, minute, client, destination port and mode, added to when
 * the same attempts are reported again. The add is one upsert statement per 50 rows, atomic in the
 * database (MERGE on H2, ON DUPLICATE KEY UPDATE on MySQL/MariaDB), so two writers of the same row,
 * on one server or two, add up instead of failing on the key.
 */
@ApplicationScoped
public class DeniedStore {

    private static final int UPSERT_CHUNK = 50;
    private static final String COLUMNS = "gateway_id, minute_at, src_address, dst_address, protocol, dst_port,"
            + " would_deny, name, attempts, first_seen, last_seen";
    private static final String FROM = " FROM eg_denied d LEFT JOIN eg_gateway g ON g.gateway_id = d.gateway_id";

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    @Resource(lookup = "jdbc/egressgate")
    DataSource dataSource;

    private volatile Boolean mysql;

    /** Adds the attempts to their minutes' rows, creating the rows that are new. */
    @Transactional
    public void add(String gatewayId, List<Attempts> attempts) {
        Map<Attempts.Key, Attempts> rows = new LinkedHashMap<>();
        attempts.forEach(a -> rows.merge(a.key(), a, Attempts::plus));
        boolean onMysql = mysql();
        InList.chunks(rows.values(), UPSERT_CHUNK, chunk -> {
            List<Object> values = new ArrayList<>();
            StringBuilder tuples = new StringBuilder();
            for (Attempts a : chunk) {
                int at = values.size() + 1;
                tuples.append(tuples.length() == 0 ? "" : ", ").append(onMysql ? plainTuple(at) : typedTuple(at));
                values.addAll(List.of(gatewayId, a.minuteAt(), a.source().text(), a.destination().text(), a.protocol(),
                        a.port(), a.wouldDeny()));
                values.add(a.name());
                values.addAll(List.of(a.count(), a.firstSeen(), a.lastSeen()));
            }
            Query upsert = em.createNativeQuery(onMysql ? mysqlUpsert(tuples) : h2Upsert(tuples));
            for (int i = 0; i < values.size(); i++) {
                upsert.setParameter(i + 1, values.get(i));
            }
            upsert.executeUpdate();
        });
    }

    private static String h2Upsert(CharSequence tuples) {
        return "MERGE INTO eg_denied d USING (VALUES " + tuples + ") AS v(" + COLUMNS + ")"
                + " ON d.gateway_id = v.gateway_id AND d.minute_at = v.minute_at AND d.src_address = v.src_address"
                + " AND d.dst_address = v.dst_address AND d.protocol = v.protocol AND d.dst_port = v.dst_port"
                + " AND d.would_deny = v.would_deny"
                + " WHEN MATCHED THEN UPDATE SET attempts = d.attempts + v.attempts,"
                + " first_seen = LEAST(d.first_seen, v.first_seen), last_seen = GREATEST(d.last_seen, v.last_seen),"
                + " name = COALESCE(v.name, d.name)"
                + " WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES (v.gateway_id, v.minute_at, v.src_address,"
                + " v.dst_address, v.protocol, v.dst_port, v.would_deny, v.name, v.attempts, v.first_seen, v.last_seen)";
    }

    private static String mysqlUpsert(CharSequence tuples) {
        // VALUES(column) is what MariaDB and MySQL 8 both understand (MySQL 8.0.20 prefers a row alias)
        return "INSERT INTO eg_denied (" + COLUMNS + ") VALUES " + tuples
                + " ON DUPLICATE KEY UPDATE attempts = attempts + VALUES(attempts),"
                + " first_seen = LEAST(first_seen, VALUES(first_seen)), last_seen = GREATEST(last_seen, VALUES(last_seen)),"
                + " name = COALESCE(VALUES(name), name)";
    }

    /** H2 types a VALUES list by its first row; the casts keep a null name or a small number from narrowing a column. */
    private static String typedTuple(int at) {
        return "(CAST(?" + at + " AS VARCHAR(100)), CAST(?" + (at + 1) + " AS BIGINT), CAST(?" + (at + 2)
                + " AS VARCHAR(45)), CAST(?" + (at + 3) + " AS VARCHAR(45)), CAST(?" + (at + 4) + " AS VARCHAR(16)), CAST(?"
                + (at + 5) + " AS INT), CAST(?" + (at + 6) + " AS BOOLEAN), CAST(?" + (at + 7) + " AS VARCHAR(253)), CAST(?"
                + (at + 8) + " AS BIGINT), CAST(?" + (at + 9) + " AS BIGINT), CAST(?" + (at + 10) + " AS BIGINT))";
    }

    private static String plainTuple(int at) {
        return "(" + InList.placeholders(at, 11) + ")";
    }

    /** Attempts per gateway, client, destination port and mode, most first. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<DeniedTotal> totals(DeniedFilter filter) {
        Where where = Where.of(filter);
        Query query = em.createNativeQuery("SELECT d.src_address, d.dst_address, d.dst_port, d.protocol, MAX(d.name),"
                + " d.gateway_id, MAX(g.hostname), SUM(d.attempts) AS total, MIN(d.first_seen), MAX(d.last_seen) AS latest,"
                + " d.would_deny" + FROM + where.sql()
                + " GROUP BY d.gateway_id, d.src_address, d.dst_address, d.protocol, d.dst_port, d.would_deny"
                + " ORDER BY total DESC, latest DESC, d.dst_address, d.src_address, d.dst_port, d.gateway_id");
        List<Object[]> rows = where.bind(query).setMaxResults(filter.limit()).getResultList();
        return rows.stream().map(r -> new DeniedTotal((String) r[0], (String) r[1], number(r[2]).intValue(),
                (String) r[3], (String) r[4], (String) r[5], r[6] == null ? (String) r[5] : (String) r[6],
                number(r[7]).longValue(), number(r[8]).longValue(), number(r[9]).longValue(), flag(r[10]))).toList();
    }

    /** Destinations by attempts, most first, with how many clients and gateways tried them. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<BlockedDestination> destinations(DeniedFilter filter) {
        Where where = Where.of(filter);
        Query query = em.createNativeQuery("SELECT d.dst_address, MAX(d.name), SUM(d.attempts) AS total,"
                + " COUNT(DISTINCT d.src_address), COUNT(DISTINCT d.gateway_id), MAX(d.last_seen) AS latest,"
                + " MIN(CASE WHEN d.would_deny THEN 1 ELSE 0 END)" + FROM + where.sql()
                + " GROUP BY d.dst_address ORDER BY total DESC, latest DESC, d.dst_address");
        List<Object[]> rows = where.bind(query).setMaxResults(filter.limit()).getResultList();
        return rows.stream().map(r -> new BlockedDestination((String) r[0], (String) r[1], number(r[2]).longValue(),
                number(r[3]).longValue(), number(r[4]).longValue(), number(r[5]).longValue(),
                number(r[6]).intValue() == 1)).toList();
    }

    /** Attempts per period of {@code bucketMillis} (a whole number of minutes), oldest first. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Map<Long, Long> timeline(DeniedFilter filter, long bucketMillis) {
        if (bucketMillis < Attempts.MINUTE || bucketMillis % Attempts.MINUTE != 0) {
            throw new IllegalArgumentException("a bucket is a whole number of minutes, not " + bucketMillis + " ms");
        }
        Where where = Where.of(filter);
        String bucket = "(d.minute_at - MOD(d.minute_at, " + bucketMillis + "))";
        Query query = em.createNativeQuery("SELECT " + bucket + ", SUM(d.attempts)" + FROM + where.sql()
                + " GROUP BY " + bucket + " ORDER BY 1");
        Map<Long, Long> series = new LinkedHashMap<>();
        ((List<Object[]>) where.bind(query).getResultList())
                .forEach(r -> series.put(number(r[0]).longValue(), number(r[1]).longValue()));
        return series;
    }

    /**
     * Deletes the minutes before {@code cutoff}, at most about {@link Retention#BATCH} rows a run (whole
     * minutes: the bound is the minute of the batch's last row). Returns the rows deleted.
     */
    @Transactional
    public int prune(long cutoff) {
        return BoundedDelete.olderThan(em, "eg_denied", "minute_at", cutoff);
    }

    /** The filter as SQL conditions on {@code d} (eg_denied) and {@code g} (eg_gateway), with its values. */
    private record Where(String sql, List<Object> values) {

        static Where of(DeniedFilter filter) {
            List<Object> values = new ArrayList<>();
            StringBuilder sql = new StringBuilder(" WHERE d.minute_at >= ?1 AND d.last_seen >= ?2");
            values.add(filter.since() - Math.floorMod(filter.since(), Attempts.MINUTE));
            values.add(filter.since());
            if (filter.source() != null) {
                values.add(filter.source().text());
                sql.append(" AND d.src_address = ?").append(values.size());
            }
            if (filter.destination() != null) {
                values.add(filter.destination().text());
                sql.append(" AND d.dst_address = ?").append(values.size());
            }
            if (filter.gateway() != null) {
                values.add(filter.gateway());
                values.add(filter.gateway());
                sql.append(" AND (g.hostname = ?").append(values.size() - 1).append(" OR d.gateway_id = ?")
                        .append(values.size()).append(')');
            }
            if (filter.text() != null) {
                String like = Like.containing(filter.text());
                int at = values.size() + 1;
                values.addAll(List.of(like, like, like));
                sql.append(" AND (d.name LIKE ?").append(at).append(Like.ESCAPE).append(" OR d.dst_address LIKE ?")
                        .append(at + 1).append(Like.ESCAPE).append(" OR d.src_address LIKE ?").append(at + 2)
                        .append(Like.ESCAPE).append(')');
            }
            return new Where(sql.toString(), List.copyOf(values));
        }

        Query bind(Query query) {
            return InList.bind(query, 1, values);
        }
    }

    private boolean mysql() {
        Boolean known = mysql;
        if (known == null) {
            try (Connection connection = dataSource.getConnection()) {
                String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
                known = product.contains("mysql") || product.contains("mariadb");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot tell which database holds eg_denied", e);
            }
            mysql = known;
        }
        return known;
    }

    private static Number number(Object value) {
        return (Number) value;
    }

    private static boolean flag(Object value) {
        return value instanceof Boolean b ? b : ((Number) value).intValue() != 0;
    }
}
