package io.egressgate.server.gateways;

import io.egressgate.server.grid.DataGrid;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Which gateways are connected to which instance, for the gateways page and API of every instance:
 * each instance puts the list of its own connections into the data grid, under its member id, once
 * a second when it changed (and every ten seconds regardless); the lists of instances that are no
 * longer members are not read. Alone, the hub's own list is all there is.
 * <p>
 * Only presence travels (id, host name, mode, since when): how far each gateway got is in the
 * registry, which every instance reads from the database.
 */
@ApplicationScoped
public class FleetPresence {

    static final String GRID_MAP = "egressgate-connected-gateways";
    static final long PUBLISH_MILLIS = 1_000;
    static final long REPUBLISH_MILLIS = 10_000;
    private static final Logger LOG = Logger.getLogger(FleetPresence.class.getName());

    @Inject
    DataGrid grid;

    @Inject
    GatewayHub hub;

    @Resource
    ManagedThreadFactory threads;

    private ScheduledExecutorService clock;
    private String lastPublished;
    private long lastPublishedAt;

    @PostConstruct
    void start() {
        if (grid.clustered()) {
            clock = Executors.newSingleThreadScheduledExecutor(threads);
            clock.scheduleWithFixedDelay(this::publish, PUBLISH_MILLIS, PUBLISH_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Starts publishing at deployment, not at the first page view. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // touching the bean is enough
    }

    @PreDestroy
    void stop() {
        if (clock != null) {
            clock.shutdownNow();
            try {
                grid.sharedMap(GRID_MAP).remove(grid.memberId());
            } catch (RuntimeException e) {
                // the grid went first; the others stop reading this list once this member has left
            }
        }
    }

    /** The gateways connected to any instance; one that moved between two lists appears once. */
    public Collection<GatewayHub.LiveGateway> connected() {
        Map<String, GatewayHub.LiveGateway> byId = new java.util.HashMap<>();
        if (grid.clustered()) {
            Map<String, String> lists = grid.sharedMap(GRID_MAP);
            String self = grid.memberId();
            for (String member : grid.memberIds()) {
                String list = member.equals(self) ? null : lists.get(member);
                if (list != null) {
                    decode(list).forEach(g -> byId.merge(g.gatewayId(), g, FleetPresence::newer));
                }
            }
        }
        hub.live().forEach(g -> byId.merge(g.gatewayId(), g, FleetPresence::newer));
        return byId.values();
    }

    private static GatewayHub.LiveGateway newer(GatewayHub.LiveGateway a, GatewayHub.LiveGateway b) {
        return a.connectedSince() >= b.connectedSince() ? a : b;
    }

    private void publish() {
        try {
            String list = encode(hub.live());
            long now = System.currentTimeMillis();
            if (!list.equals(lastPublished) || now - lastPublishedAt >= REPUBLISH_MILLIS) {
                grid.sharedMap(GRID_MAP).put(grid.memberId(), list);
                lastPublished = list;
                lastPublishedAt = now;
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "data grid: could not publish this instance's connected gateways", e);
        }
    }

    /**
     * One line per gateway, tab-separated: id, host name, mode, connected since (a tab or line break
     * in a name a gateway sent becomes a space). Text, so that no application class has to be
     * loadable on another instance's grid threads.
     */
    static String encode(Collection<GatewayHub.LiveGateway> live) {
        return live.stream().sorted(java.util.Comparator.comparing(GatewayHub.LiveGateway::gatewayId))
                .map(g -> String.join("\t", clean(g.gatewayId()), clean(g.hostname()), String.valueOf(g.mode()),
                        String.valueOf(g.connectedSince())))
                .collect(Collectors.joining("\n"));
    }

    static List<GatewayHub.LiveGateway> decode(String list) {
        List<GatewayHub.LiveGateway> live = new ArrayList<>();
        for (String line : list.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length == 4) {
                live.add(new GatewayHub.LiveGateway(f[0], f[1], null, Long.parseLong(f[3]), "null".equals(f[2]) ? null : f[2]));
            }
        }
        return live;
    }

    private static String clean(String text) {
        return String.valueOf(text).replace('\t', ' ').replace('\n', ' ');
    }
}
