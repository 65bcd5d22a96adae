package io.egressgate.gateway;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.addresses.Cidr;
import io.egressgate.addresses.InternalRanges;
import io.egressgate.gateway.dataplane.CommandRunner;
import io.egressgate.gateway.dataplane.DataplaneOptions;
import io.egressgate.gateway.dataplane.DenialLog;
import io.egressgate.gateway.dataplane.EnforcementMode;
import io.egressgate.gateway.dataplane.Family;
import io.egressgate.gateway.dataplane.IpsetDataplane;
import io.egressgate.gateway.dns.DnsAddresses;
import io.egressgate.gateway.dns.ForwarderSettings;
import io.egressgate.gateway.sync.Backoff;
import io.egressgate.gateway.sync.LinkSettings;
import io.egressgate.gateway.sync.ServerAddresses;
import io.egressgate.gateway.sync.ServerTrust;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** The command line. Every flag takes the seed's single-dash form and the double-dash form alike. */
@Command(name = "egress-gate-gateway", mixinStandardHelpOptions = true, versionProvider = GatewayCommand.Version.class,
        sortOptions = false, usageHelpWidth = 110,
        description = {
                "Forwards (and NATs) clients' traffic only to the destinations the egress-gate server publishes,",
                "enforced with ipset + iptables; keeps enforcing the last applied allowlist when the server is away.",
                "Flags may also be read from a file: egress-gate-gateway @/etc/egress-gate/gateway.args"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped, or --uninstall done", "1:the kernel could not be set up", "2:bad flags"})
public final class GatewayCommand implements Callable<Integer> {

    @Option(names = {"-iptables-wss-server", "--iptables-wss-server"}, paramLabel = "URL", split = ",",
            description = {"Server endpoint, e.g. wss://server:8181/ws/gateway or just server:8181.",
                    "Repeat or comma-separate for fail-over; tried in turn. Required unless --uninstall."})
    List<String> servers = new ArrayList<>();

    @Option(names = {"-token-file", "--token-file"}, paramLabel = "FILE",
            description = "File holding the gateway's bearer token for the handshake (read at each connect).")
    Path tokenFile;

    @Option(names = {"-state-dir", "--state-dir"}, paramLabel = "DIR", defaultValue = "/var/lib/egress-gate",
            description = "Where the applied allowlist and the gateway id are kept (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = {"-metrics-port", "--metrics-port"}, paramLabel = "PORT", defaultValue = "9900",
            description = "Port of the Prometheus endpoint /metrics (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int metricsPort;

    @Option(names = {"-metrics-address", "--metrics-address"}, paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address /metrics listens on (default: ${DEFAULT-VALUE}).")
    String metricsAddress;

    @Option(names = {"-hostname", "--hostname"}, paramLabel = "NAME",
            description = "Name sent in hello and used as the metrics' hostname label (default: the host's name).")
    String hostname;

    @Option(names = {"-gateway-id", "--gateway-id"}, paramLabel = "ID",
            description = "Id sent in hello (default: a random id made once and kept in the state directory).")
    String gatewayId;

    @Option(names = {"-ca-file", "--ca-file"}, paramLabel = "PEM",
            description = "CA certificate(s) to trust for wss:// (PEM), e.g. a private CA.")
    Path caFile;

    @Option(names = {"-trust-store", "--trust-store"}, paramLabel = "FILE",
            description = "Trust store (PKCS12 or JKS) to trust for wss:// instead of the JVM's.")
    Path trustStore;

    @Option(names = {"-trust-store-password-file", "--trust-store-password-file"}, paramLabel = "FILE",
            description = "File holding the trust store's password.")
    Path trustStorePasswordFile;

    @Option(names = {"-internal-range", "--internal-range"}, paramLabel = "CIDR", split = ",",
            description = {"Extra range to treat as internal: never applied, left alone by the rules.",
                    "Extends the built-in list; repeatable."})
    List<String> extraInternal = new ArrayList<>();

    @Option(names = {"-disable-ipv6", "--disable-ipv6"},
            description = "Leave IPv6 alone (no ip6tables rules); published IPv6 entries are skipped.")
    boolean disableIpv6;

    @Option(names = {"-no-masquerade", "--no-masquerade"},
            description = "Do not MASQUERADE traffic towards allowed addresses (when something else does the NAT).")
    boolean noMasquerade;

    @Option(names = {"-log-drops", "--log-drops"},
            description = "Log dropped packets to the kernel log (rate-limited to 10 a minute).")
    boolean logDrops;

    @Option(names = {"-mode", "--mode"}, paramLabel = "MODE", defaultValue = "enforce",
            description = {"enforce: drop new connections to public destinations the allowlist does not allow;",
                    "report: let them through and record them as would-deny (internal ranges are treated alike)",
                    "(default: ${DEFAULT-VALUE})."})
    String mode;

    @Option(names = {"-nflog-group", "--nflog-group"}, paramLabel = "GROUP", defaultValue = "23",
            description = "NFLOG group denied new connections are logged to and ulogd reads (default: ${DEFAULT-VALUE}).")
    int nflogGroup;

    @Option(names = {"-denied-log-rate", "--denied-log-rate"}, paramLabel = "PER_SECOND", defaultValue = "100",
            description = {"Denied new connections logged a second at most (kernel limit, burst as large); the rest",
                    "are counted and reported as dropped (default: ${DEFAULT-VALUE}, at most 10000)."})
    int deniedLogRate;

    @Option(names = {"-ulogd", "--ulogd"}, paramLabel = "PATH", defaultValue = "ulogd",
            description = {"The ulogd2 binary that reads the NFLOG group (needs ulogd2 and ulogd2-json); 'off' runs",
                    "none, and denied connections are then only counted (default: ${DEFAULT-VALUE})."})
    String ulogd;

    @Option(names = {"-reconcile-interval", "--reconcile-interval"}, paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "How often the kernel is checked for drift and repaired (default: ${DEFAULT-VALUE}).")
    Duration reconcileInterval;

    @Option(names = {"-drift-check-interval", "--drift-check-interval"}, paramLabel = "DURATION", defaultValue = "250ms",
            converter = DurationConverter.class,
            description = "How often rule and set headers are compared with the desired state; a difference is"
                    + " repaired at once, so a flush leaves the gate open at most this long (default: ${DEFAULT-VALUE}).")
    Duration driftCheckInterval;

    @Option(names = {"-stats-interval", "--stats-interval"}, paramLabel = "DURATION", defaultValue = "15s",
            converter = DurationConverter.class,
            description = "How often traffic counters are sent to the server (default: ${DEFAULT-VALUE}).")
    Duration statsInterval;

    @Option(names = {"-ping-interval", "--ping-interval"}, paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "WebSocket ping interval; a server silent for 3 intervals is dropped (default: ${DEFAULT-VALUE}).")
    Duration pingInterval;

    @Option(names = {"-backoff-initial", "--backoff-initial"}, paramLabel = "DURATION", defaultValue = "1s",
            converter = DurationConverter.class,
            description = "First wait before reconnecting; doubles each round (default: ${DEFAULT-VALUE}).")
    Duration backoffInitial;

    @Option(names = {"-backoff-max", "--backoff-max"}, paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Longest wait between reconnect rounds, jitter included (default: ${DEFAULT-VALUE}).")
    Duration backoffMax;

    @Option(names = {"-handshake-timeout", "--handshake-timeout"}, paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How long one connection attempt may take (default: ${DEFAULT-VALUE}).")
    Duration handshakeTimeout;

    @Option(names = {"-metrics-cache", "--metrics-cache"}, paramLabel = "DURATION", defaultValue = "2s",
            converter = DurationConverter.class,
            description = "Counters read from the kernel are reused for this long (default: ${DEFAULT-VALUE}).")
    Duration metricsCache;

    @Option(names = {"-dns-listen", "--dns-listen"}, paramLabel = "ADDR:PORT",
            description = {"Answer DNS here, UDP and TCP (repeatable; e.g. the client-facing address :53).",
                    "Off when not given. Allowed names' answers are held until their addresses are allowed."})
    List<String> dnsListen = new ArrayList<>();

    @Option(names = {"-dns-intercept", "--dns-intercept"},
            description = {"Redirect DNS (udp/tcp 53) that clients send through the gateway to any resolver to the",
                    "forwarder (the first -dns-listen port), so hosts need no change."})
    boolean dnsIntercept;

    @Option(names = {"-dns-upstream", "--dns-upstream"}, paramLabel = "ADDR:PORT", split = ",",
            description = "Resolvers the DNS forwarder asks, in turn (default: the nameservers in /etc/resolv.conf).")
    List<String> dnsUpstream = new ArrayList<>();

    @Option(names = {"-dns-allow-from", "--dns-allow-from"}, paramLabel = "CIDR", split = ",",
            description = "Only these sources get answers (repeatable; default: the internal ranges). Not an open resolver.")
    List<String> dnsAllowFrom = new ArrayList<>();

    @Option(names = {"-dns-refuse-unlisted", "--dns-refuse-unlisted"},
            description = "Answer REFUSED for names the allowlist does not allow (default: the upstream's answer).")
    boolean dnsRefuseUnlisted;

    @Option(names = {"-dns-upstream-timeout", "--dns-upstream-timeout"}, paramLabel = "DURATION", defaultValue = "1s",
            converter = DurationConverter.class,
            description = "How long one upstream may take before the next is asked (default: ${DEFAULT-VALUE}).")
    Duration dnsUpstreamTimeout;

    @Option(names = {"-dns-min-ttl", "--dns-min-ttl"}, paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Shortest time a learned address stays allowed, whatever its TTL (default: ${DEFAULT-VALUE}).")
    Duration dnsMinTtl;

    @Option(names = {"-dns-grace-period", "--dns-grace-period"}, paramLabel = "DURATION", defaultValue = "10m",
            converter = DurationConverter.class,
            description = "How much longer than its TTL a learned address stays allowed (default: ${DEFAULT-VALUE}).")
    Duration dnsGracePeriod;

    @Option(names = {"-dns-rate-limit", "--dns-rate-limit"}, paramLabel = "QPS", defaultValue = "200",
            description = "Queries a second one client may send; more are refused (default: ${DEFAULT-VALUE}).")
    int dnsRateLimit;

    @Option(names = {"--uninstall", "-uninstall"},
            description = "Remove every ipset, chain and rule the gateway owns, then exit. The state file stays.")
    boolean uninstall;

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
        }
        System.exit(new CommandLine(new GatewayCommand()).execute(args));
    }

    @Override
    public Integer call() {
        DataplaneOptions options;
        try {
            options = dataplaneOptions();
        } catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        }
        IpsetDataplane dataplane = new IpsetDataplane(CommandRunner.local(), options);
        if (uninstall) {
            dataplane.uninstall();
            System.out.println("removed the gateway's rules, chains and sets; the state in " + stateDir + " is kept");
            return 0;
        }
        LinkSettings link;
        java.util.Optional<ForwarderSettings> dns;
        try {
            link = linkSettings();
            dns = forwarderSettings(options);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            return usageError(e.getMessage());
        }
        Gateway gateway = new Gateway(this, options, dataplane, link, dns);
        return gateway.run();
    }

    DataplaneOptions dataplaneOptions() {
        List<Cidr> extra = new ArrayList<>();
        for (String text : extraInternal) {
            extra.add(Cidr.parse(text.strip()));
        }
        Set<Family> families = disableIpv6 ? EnumSet.of(Family.IPV4) : EnumSet.allOf(Family.class);
        if (dnsIntercept && dnsListen.isEmpty()) {
            throw new IllegalArgumentException("-dns-intercept needs -dns-listen (the forwarder to send DNS to)");
        }
        DataplaneOptions options = new DataplaneOptions(families, !noMasquerade, logDrops,
                InternalRanges.defaults().withExtra(extra)).withLearning(!dnsListen.isEmpty())
                .withMode(EnforcementMode.parse(mode)).withDenialLog(new DenialLog(nflogGroup, deniedLogRate));
        return dnsIntercept ? options.withDnsInterceptedTo(DnsAddresses.parseListen(dnsListen.get(0)).getPort()) : options;
    }

    /** The forwarder's settings, or empty when no -dns-listen is given. */
    java.util.Optional<ForwarderSettings> forwarderSettings(DataplaneOptions options) {
        if (dnsListen.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<InetSocketAddress> listen = dnsListen.stream().map(DnsAddresses::parseListen).toList();
        List<InetSocketAddress> upstreams = dnsUpstream.isEmpty()
                ? DnsAddresses.fromResolvConf(Path.of("/etc/resolv.conf"))
                : dnsUpstream.stream().map(a -> DnsAddresses.parse(a, 53)).toList();
        List<Cidr> allowFrom = dnsAllowFrom.isEmpty() ? options.internal().all()
                : dnsAllowFrom.stream().map(c -> Cidr.parse(c.strip())).toList();
        if (dnsRateLimit < 1) {
            throw new IllegalArgumentException("-dns-rate-limit must be at least 1");
        }
        return java.util.Optional.of(new ForwarderSettings(listen, upstreams, dnsUpstreamTimeout, allowFrom,
                dnsRefuseUnlisted, dnsMinTtl, dnsGracePeriod, dnsRateLimit));
    }

    AllowlistPolicy policy(DataplaneOptions options) {
        return new AllowlistPolicy(options.internal(), AllowlistPolicy.DEFAULT_FLOOR_V4, AllowlistPolicy.DEFAULT_FLOOR_V6);
    }

    LinkSettings linkSettings() {
        char[] password = null;
        if (trustStorePasswordFile != null) {
            try {
                password = Files.readString(trustStorePasswordFile).strip().toCharArray();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + trustStorePasswordFile + ": " + e.getMessage(), e);
            }
        }
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("-backoff-max must not be shorter than -backoff-initial");
        }
        return new LinkSettings(ServerAddresses.parse(servers), tokenFile,
                ServerTrust.context(caFile, trustStore, password), pingInterval, statsInterval,
                Backoff.of(backoffInitial, backoffMax), handshakeTimeout);
    }

    private static int usageError(String message) {
        System.err.println("egress-gate-gateway: " + message);
        System.err.println("Try --help.");
        return 2;
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        static String current() {
            String version = GatewayCommand.class.getPackage().getImplementationVersion();
            return version == null ? "dev" : version;
        }

        @Override
        public String[] getVersion() {
            return new String[]{"egress-gate-gateway " + current()};
        }
    }
}
