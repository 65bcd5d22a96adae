package io.egressgate.gateway;

import io.egressgate.gateway.allowlist.AppliedAllowlist;
import io.egressgate.gateway.allowlist.Screening;
import io.egressgate.gateway.allowlist.StateFile;
import io.egressgate.gateway.dataplane.CommandRunner;
import io.egressgate.gateway.dataplane.DataplaneException;
import io.egressgate.gateway.dataplane.DataplaneOptions;
import io.egressgate.gateway.dataplane.Drift;
import io.egressgate.gateway.dataplane.EnforcementMode;
import io.egressgate.gateway.dataplane.Family;
import io.egressgate.gateway.dataplane.Forwarding;
import io.egressgate.gateway.dataplane.IpsetDataplane;
import io.egressgate.gateway.denials.DenialMetrics;
import io.egressgate.gateway.denials.DeniedConnections;
import io.egressgate.gateway.denials.NameLookup;
import io.egressgate.gateway.denials.UlogdReader;
import io.egressgate.gateway.dns.AllowedNames;
import io.egressgate.gateway.dns.DnsForwarder;
import io.egressgate.gateway.dns.DnsMetrics;
import io.egressgate.gateway.dns.ForwarderSettings;
import io.egressgate.protocol.Hello;
import io.egressgate.protocol.LearnedAddress;
import io.egressgate.gateway.sync.DeniedReports;
import io.egressgate.gateway.sync.GatewayIdentity;
import io.egressgate.gateway.sync.LearnedReports;
import io.egressgate.gateway.sync.LinkSettings;
import io.egressgate.gateway.sync.ServerLink;
import io.egressgate.gateway.sync.SyncListener;
import io.egressgate.gateway.sync.Synchronizer;
import io.egressgate.gateway.traffic.GatewayHealth;
import io.egressgate.gateway.traffic.MetricsServer;
import io.egressgate.gateway.traffic.TrafficCollector;
import io.egressgate.gateway.traffic.TrafficReader;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One running gateway. The order of start matters: the saved allowlist is enforced before anything
 * else (so a restart while the server is down keeps enforcing), then metrics and the reconcile loop,
 * and only then is the server asked. Stopping leaves the rules in place.
 */
final class Gateway {

    private static final Logger LOG = Logger.getLogger(Gateway.class.getName());

    private final GatewayCommand flags;
    private final DataplaneOptions options;
    private final IpsetDataplane dataplane;
    private final LinkSettings link;
    private final Optional<ForwarderSettings> dns;
    private final ScheduledExecutorService reconciler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "reconcile");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();
    private boolean repairFailing; // touched only on the reconciler's one thread

    Gateway(GatewayCommand flags, DataplaneOptions options, IpsetDataplane dataplane, LinkSettings link,
            Optional<ForwarderSettings> dns) {
        this.flags = flags;
        this.options = options;
        this.dataplane = dataplane;
        this.link = link;
        this.dns = dns;
    }

    int run() {
        String hostname = flags.hostname != null ? flags.hostname : localHostname();
        GatewayIdentity identity;
        try {
            identity = new GatewayIdentity(flags.gatewayId != null ? flags.gatewayId : GatewayId.loadOrCreate(flags.stateDir),
                    hostname, GatewayCommand.Version.current(), options.mode().word());
        } catch (UncheckedIOException e) {
            LOG.severe(e.getMessage() + "; is -state-dir a writable directory?");
            return 1;
        }
        try {
            // The server refuses a hello whose id or hostname break the protocol's limits; say so now, once,
            // instead of being refused on every reconnect.
            new Hello(identity.gatewayId(), identity.hostname(), identity.version(), null, null);
        } catch (IllegalArgumentException e) {
            LOG.severe(e.getMessage() + "; set -gateway-id / -hostname to a valid name");
            return 2;
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        GatewayHealth health = new GatewayHealth(registry);
        health.mode(options.mode());
        StateFile stateFile = new StateFile(flags.stateDir);
        SyncListener listener = new SyncListener() {
            @Override
            public void applied(AppliedAllowlist state, Duration took, boolean fromServer) {
                health.applied(state, took, fromServer);
                // right after each write: catch what the write missed; a burst of deltas asks only once
                if (reconcileQueued.compareAndSet(false, true)) {
                    reconciler.execute(() -> {
                        reconcileQueued.set(false);
                        reconcile(health);
                    });
                }
            }

            @Override
            public void connected(String server) {
                health.connected(server);
            }

            @Override
            public void disconnected(String server, String why) {
                health.disconnected(server, why);
            }
        };
        Synchronizer synchronizer = new Synchronizer(dataplane, stateFile,
                new Screening(flags.policy(options), options.handles(Family.IPV6)), identity, listener);

        Forwarding forwarding = new Forwarding(CommandRunner.local());
        if (!options.handles(Family.IPV6) && forwarding.isOn(Family.IPV6)) {
            // -disable-ipv6 means "no IPv6 through this gateway", never "IPv6 unfiltered"
            LOG.severe("-disable-ipv6 is set but net.ipv6.conf.all.forwarding is on, so IPv6 would be forwarded"
                    + " unfiltered; set it to 0 (sysctl -w net.ipv6.conf.all.forwarding=0) or drop -disable-ipv6");
            return 1;
        }
        AppliedAllowlist saved = loadSaved(stateFile);
        try {
            synchronizer.enforce(saved);
        } catch (DataplaneException e) {
            LOG.log(Level.SEVERE, "cannot set up ipset/iptables; is the gateway root (CAP_NET_ADMIN) with ipset"
                    + " and iptables installed? " + e.getMessage(), e);
            return 1;
        }
        // Forwarding only once the rules stand: a gateway whose rules failed must not forward unfiltered.
        for (String problem : forwarding.ensureEnabled(options.families())) {
            LOG.severe(problem);
        }
        LOG.info(() -> "enforcing " + synchronizer.current().allowed().size() + " allowed entries"
                + (saved.isSynced() ? " from revision " + saved.revision() + " of " + saved.epoch()
                : " (nothing saved yet: every public destination is dropped until the server publishes)"));

        if (options.mode() == EnforcementMode.REPORT) {
            LOG.warning("report mode: new connections to public destinations the allowlist does not allow are let"
                    + " through and recorded as would-deny; internal ranges are treated as in enforce mode");
        }
        TrafficReader traffic = new TrafficReader(dataplane::traffic, flags.metricsCache);
        registry.register(new TrafficCollector(traffic, hostname));
        MetricsServer metrics;
        try {
            metrics = new MetricsServer(flags.metricsAddress, flags.metricsPort, registry);
        } catch (IOException e) {
            LOG.severe("cannot serve /metrics on " + flags.metricsAddress + ":" + flags.metricsPort + ": "
                    + e.getMessage() + "; enforcing without metrics");
            metrics = null;
        }
        if (metrics != null) {
            int port = metrics.port();
            LOG.info(() -> "metrics on http://" + flags.metricsAddress + ":" + port + "/metrics");
        }
        DnsForwarder forwarder = null;
        if (dns.isPresent()) {
            try {
                // the names arrive with the allowlist and are kept in the state file: fail static
                forwarder = new DnsForwarder(dns.get(), AllowedNames.following(() -> synchronizer.current().names()), options.internal(), dataplane::learn,
                        new DnsMetrics(registry)).start();
            } catch (java.io.UncheckedIOException e) {
                LOG.severe(e.getMessage());
                return 1;
            }
            List<InetSocketAddress> bound = forwarder.boundAddresses();
            LOG.info(() -> "DNS forwarder on " + bound + " (UDP and TCP), asking " + dns.get().upstreams());
        }
        DnsForwarder dnsForwarder = forwarder;
        long every = flags.reconcileInterval.toMillis();
        reconciler.scheduleWithFixedDelay(() -> reconcile(health), every, every, TimeUnit.MILLISECONDS);
        long watchEvery = flags.driftCheckInterval.toMillis();
        reconciler.scheduleWithFixedDelay(() -> repair(dataplane::watch, health), watchEvery, watchEvery,
                TimeUnit.MILLISECONDS);

        LearnedReports learnedReports = dnsForwarder == null ? LearnedReports.NONE
                : limit -> dnsForwarder.learned().unreported(System.currentTimeMillis(), limit).stream()
                        .map(r -> new LearnedAddress(r.name(), r.address().toString(), Math.min(r.expiresInSeconds(),
                                LearnedAddress.MAX_EXPIRES_IN_SECONDS))).toList();
        DeniedConnections denied = deniedConnections(registry,
                dnsForwarder == null ? NameLookup.NONE : dnsForwarder.resolved()::lastName);
        UlogdReader reader = denied == null ? null : startReader(denied);
        ServerLink serverLink = new ServerLink(link, synchronizer, traffic, listener, learnedReports,
                denied == null ? DeniedReports.NONE : denied);
        MetricsServer metricsServer = metrics;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping; the rules stay in place and keep enforcing the last allowlist");
            if (reader != null) {
                reader.close();
            }
            serverLink.close();
            if (denied != null) {
                denied.close(); // this minute's records too, into the state directory
            }
            if (dnsForwarder != null) {
                dnsForwarder.close();
            }
            reconciler.shutdownNow();
            if (metricsServer != null) {
                metricsServer.close();
            }
            stopped.countDown();
        }, "shutdown"));
        serverLink.start();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The records of denied connections; null (and enforcing all the same) when the state directory refuses them. */
    private DeniedConnections deniedConnections(PrometheusRegistry registry, NameLookup names) {
        try {
            return new DeniedConnections(DeniedConnections.Settings.defaults(flags.stateDir), names,
                    dataplane::deniedAttempts, new DenialMetrics(registry)).start();
        } catch (java.io.UncheckedIOException e) {
            LOG.severe(e.getMessage() + "; enforcing without records of denied connections");
            return null;
        }
    }

    /** ulogd on the NFLOG group; without it the firewall is the same and denied connections are only counted. */
    private UlogdReader startReader(DeniedConnections denied) {
        denied.readerUp(false);
        if ("off".equals(flags.ulogd)) {
            LOG.info("-ulogd off: denied connections are counted, not recorded");
            return null;
        }
        Optional<Path> plugins = UlogdReader.pluginDirectory();
        if (plugins.isEmpty()) {
            LOG.severe("ulogd's NFLOG and JSON plugins were not found (install ulogd2 and ulogd2-json): denied"
                    + " connections are counted as dropped, not recorded; the firewall is unaffected");
            return null;
        }
        try {
            return new UlogdReader(CommandRunner.local(), flags.ulogd, flags.stateDir.resolve("ulogd.conf"), denied::line,
                    denied::readerUp).start(plugins.get(), options.denialLog());
        } catch (java.io.UncheckedIOException e) {
            LOG.severe(e.getMessage() + "; denied connections are counted as dropped, not recorded");
            return null;
        }
    }

    private void reconcile(GatewayHealth health) {
        repair(dataplane::reconcile, health);
    }

    /** Runs one check; a failure is logged when it starts, not at every 250 ms check while it lasts. */
    private void repair(Supplier<Drift> check, GatewayHealth health) {
        try {
            Drift drift = check.get();
            if (drift.found()) {
                LOG.warning(() -> "repaired drift: " + String.join("; ", drift.repairs()));
                health.reconciled(drift);
            }
            if (repairFailing) {
                repairFailing = false;
                LOG.info("reconcile works again");
            }
        } catch (RuntimeException e) {
            health.reconcileFailed();
            if (!repairFailing) {
                repairFailing = true;
                LOG.log(Level.SEVERE, "reconcile failed; trying again at every drift check", e);
            }
        }
    }

    private static AppliedAllowlist loadSaved(StateFile stateFile) {
        try {
            return stateFile.load().orElseGet(AppliedAllowlist::empty);
        } catch (IllegalStateException e) {
            LOG.severe(e.getMessage() + "; enforcing an empty allowlist until the server sends a snapshot");
            return AppliedAllowlist.empty();
        }
    }

    private static String localHostname() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException e) {
            // not Linux, or /proc hidden: ask Java
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
