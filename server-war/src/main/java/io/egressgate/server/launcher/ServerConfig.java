package io.egressgate.server.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The server's YAML file, as given with {@code -server-conf-path}. Keys are the seed's snake_case
 * ones; an unknown key is an error rather than a silently ignored typo.
 */
public record ServerConfig(Map<String, String> values) {

    /** The seed's database keys; all of them select MySQL, none of them keeps the embedded H2. */
    static final List<String> DATABASE_KEYS = List.of("db_user", "db_password", "db_server", "db_port", "db_name");

    /** Never exported as system properties (see PayaraBoot); db_password only reaches the pool. */
    static final Set<String> SECRET_KEYS = Set.of("db_password", "tls_keystore_password", "admin_token", "admin_password");

    /** Every key the server understands, with what it means (printed by --help-config). */
    static final Map<String, String> KEYS = keys();

    private static Map<String, String> keys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("db_user", "MySQL user (with db_password, db_server, db_port, db_name: use MySQL instead of the embedded H2)");
        keys.put("db_password", "MySQL password (never logged)");
        keys.put("db_server", "MySQL host name or address");
        keys.put("db_port", "MySQL port, usually 3306");
        keys.put("db_name", "MySQL database (schema) name");
        keys.put("db_ssl_mode", "TLS to MySQL: DISABLED, PREFERRED (default), REQUIRED, VERIFY_CA or VERIFY_IDENTITY (recommended in production)");
        keys.put("db_ssl_ca", "PEM file of the CA certificate(s) that VERIFY_CA/VERIFY_IDENTITY trust (default: the JVM's trust store)");
        keys.put("data_dir", "directory of the embedded H2 database and runtime files (default ./data; the -data-dir flag wins)");
        keys.put("port", "HTTP port (default 8080; the -port flag wins)");
        keys.put("ssl_port", "HTTPS/wss port (default off; the -ssl-port flag wins)");
        keys.put("tls_keystore", "PKCS12 keystore with the server's certificate for HTTPS/wss");
        keys.put("tls_keystore_password", "password of tls_keystore (never logged)");
        keys.put("admin_token", "the first admin API token, used only when the database is empty (EGRESS_GATE_ADMIN_TOKEN wins)");
        keys.put("admin_password", "password of the first console user 'admin', used only while the console has no users (EGRESS_GATE_ADMIN_PASSWORD wins; default: the bootstrap admin token)");
        keys.put("console_idle_timeout", "seconds a console session may stay idle before it is signed out (default 1800)");
        keys.put("metrics_public", "true serves /metrics without a bearer token (default false: role metrics, viewer or admin)");
        keys.put("max_traffic_destinations", "(hostname, address) pairs whose gateway-reported traffic /metrics exports (default 50000)");
        keys.put("internal_ranges", "extra CIDRs to treat as internal, in addition to the built-in list (list)");
        keys.put("cidr_floor_v4", "broadest IPv4 prefix length accepted on the allowlist (default 8)");
        keys.put("cidr_floor_v6", "broadest IPv6 prefix length accepted on the allowlist (default 32)");
        keys.put("max_body_bytes", "largest accepted API request body in bytes (default 65536)");
        keys.put("snapshot_part_size", "cidrs per snapshot frame sent to gateways (default 300)");
        keys.put("dns_servers", "DNS servers for the resolver, host or host:port (list; default: /etc/resolv.conf)");
        keys.put("resolve_interval", "seconds between resolver cycles (default 60)");
        keys.put("min_ttl", "shortest TTL honoured, seconds (default 5)");
        keys.put("grace_period", "seconds an address stays allowed after DNS stopped returning it (default 600)");
        keys.put("max_addresses_per_domain", "cap on addresses kept per domain (default 1000)");
        keys.put("dns_timeout", "seconds one DNS query waits for one server before trying again or the next (default 2)");
        keys.put("change_log_retention", "how long revisions are kept in the change log, e.g. 30d, 12h (default 30d)");
        keys.put("audit_retention", "how long audit records are kept, e.g. 365d (default 365d)");
        keys.put("denied_retention", "how long the connections gateways denied are kept, e.g. 30d (default 30d)");
        keys.put("resolve_concurrency", "names the resolver looks up at the same time (default 100)");
        keys.put("cluster_mode", "run as one of several instances on one MySQL database, joined by Payara's data grid: tcpip:HOST:PORT,..., dns:HOST:PORT,..., multicast or kubernetes (default: alone, no grid)");
        keys.put("cluster_interface", "the only address (or pattern such as 10.244.*.*) the data grid binds to; required with cluster_mode");
        keys.put("cluster_port", "port of the data grid (default 5900)");
        return Map.copyOf(keys);
    }

    public static ServerConfig empty() {
        return new ServerConfig(Map.of());
    }

    /** Reads and validates the file; every problem is one {@link ConfigException} line. */
    public static ServerConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("configuration file " + file + " does not exist or is not a file");
        }
        Object document;
        try {
            document = new Load(LoadSettings.builder().setLabel(file.toString()).build())
                    .loadFromString(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        } catch (YamlEngineException e) {
            throw new ConfigException("configuration file " + file + " is not valid YAML: "
                    + e.getMessage().replace('\n', ' '));
        }
        if (document == null) {
            return empty();
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new ConfigException("configuration file " + file + " must be a YAML mapping of keys to values");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> unknown = new TreeSet<>();
        map.forEach((key, value) -> {
            String name = String.valueOf(key);
            if (!KEYS.containsKey(name)) {
                unknown.add(name);
            } else if (value != null) {
                values.put(name, flatten(value));
            }
        });
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown key(s) in " + file + ": " + String.join(", ", unknown)
                    + " (known keys: " + String.join(", ", new TreeSet<>(KEYS.keySet())) + ")");
        }
        ServerConfig config = new ServerConfig(Map.copyOf(values));
        config.checkDatabaseKeys(file);
        ClusterSettings.from(config);
        config.get("metrics_public").filter(v -> !v.equals("true") && !v.equals("false")).ifPresent(v -> {
            throw new ConfigException(file + ": metrics_public must be true or false, not '" + v + "'");
        });
        config.get("max_traffic_destinations").filter(v -> !v.matches("[1-9][0-9]{0,8}")).ifPresent(v -> {
            throw new ConfigException(file + ": max_traffic_destinations must be a whole number from 1 to 999999999, not '"
                    + v + "'");
        });
        return config;
    }

    /** Lists become comma-separated, the way MicroProfile Config reads arrays. */
    private static String flatten(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    private void checkDatabaseKeys(Path file) {
        long present = DATABASE_KEYS.stream().filter(values::containsKey).count();
        if (present > 0 && present < DATABASE_KEYS.size()) {
            List<String> missing = DATABASE_KEYS.stream().filter(k -> !values.containsKey(k)).toList();
            throw new ConfigException(file + " selects MySQL but lacks " + String.join(", ", missing)
                    + " (give all of " + String.join(", ", DATABASE_KEYS) + ", or none for the embedded H2)");
        }
        get("db_port").ifPresent(port -> ConfigException.requirePort("db_port", port));
        DatabaseTls.from(this);
    }

    public boolean usesMysql() {
        return values.containsKey("db_server");
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String require(String key) {
        return get(key).orElseThrow(() -> new ConfigException("missing configuration key " + key));
    }
}
