package io.egressgate.server.grid;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.topic.ITopic;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import io.egressgate.server.startup.StartupFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * This instance's place among the others. Alone (no {@code cluster_mode}) it leads and its messages
 * go nowhere. In a grid, the oldest member leads: Hazelcast agrees on the members' order, so exactly
 * one member of a connected grid sees itself first, and when it dies the next-oldest takes over as
 * soon as the grid has dropped it, without a lock to expire.
 */
@ApplicationScoped
public class DataGrid {

    /** Where Payara binds its Hazelcast instance (its default JNDI name). */
    static final String JNDI_NAME = "payara/Hazelcast";
    private static final Logger LOG = Logger.getLogger(DataGrid.class.getName());

    @Inject
    @ConfigProperty(name = "egressgate.cluster_mode")
    Optional<String> clusterMode;

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry metrics;

    private HazelcastInstance grid;
    private final List<Runnable> unsubscribes = new ArrayList<>();
    private final Map<String, ConcurrentMap<String, String>> ownMaps = new ConcurrentHashMap<>();

    /** With cluster_mode but no running grid the start fails: an instance alone would miss the others' changes. */
    @PostConstruct
    void join() {
        if (clusterMode.isPresent()) {
            try {
                grid = (HazelcastInstance) new InitialContext().lookup(JNDI_NAME);
            } catch (NamingException | ClassCastException e) {
                throw notRunning(JNDI_NAME + ": " + e.getMessage());
            }
            if (!grid.getLifecycleService().isRunning()) {
                throw notRunning("it has shut down");
            }
            LOG.info(() -> "data grid: " + grid.getCluster().getMembers().size() + " member(s); this one is "
                    + grid.getCluster().getLocalMember().getAddress());
        }
        metrics.gauge("egressgate_cluster_members", this, DataGrid::members);
        metrics.gauge("egressgate_cluster_leading", this, self -> self.leads() ? 1 : 0);
    }

    private static IllegalStateException notRunning(String why) {
        String reason = "cluster_mode is set but Payara's data grid is not running (" + why + ")";
        StartupFailure.report(reason);
        return new IllegalStateException(reason);
    }

    /** Joins at deployment, so that a missing grid fails the start rather than the first change. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // touching the bean is enough
    }

    @PreDestroy
    void leave() {
        unsubscribes.forEach(Runnable::run);
    }

    public boolean clustered() {
        return grid != null;
    }

    /** True on the one instance that runs the resolver and the retention jobs; false while the grid shuts down. */
    public boolean leads() {
        if (grid == null) {
            return true;
        }
        try {
            Iterator<Member> oldestFirst = grid.getCluster().getMembers().iterator();
            return oldestFirst.hasNext() && oldestFirst.next().localMember();
        } catch (HazelcastInstanceNotActiveException e) {
            return false;
        }
    }

    long members() {
        if (grid == null) {
            return 1;
        }
        try {
            return grid.getCluster().getMembers().size();
        } catch (HazelcastInstanceNotActiveException e) {
            return 0;
        }
    }

    /** This instance's id in the grid; alone, a fixed one. */
    public String memberId() {
        return grid == null ? "alone" : grid.getCluster().getLocalMember().getUuid().toString();
    }

    /** The ids of the instances in the grid now (a killed one leaves once the grid has noticed); alone, this one's. */
    public List<String> memberIds() {
        if (grid == null) {
            return List.of(memberId());
        }
        try {
            return grid.getCluster().getMembers().stream().map(m -> m.getUuid().toString()).toList();
        } catch (HazelcastInstanceNotActiveException e) {
            return List.of();
        }
    }

    /**
     * A map every instance sees the same (Hazelcast's IMap); alone, one of this instance's own. Keys
     * and values are strings, so that no class of this application has to be loadable on the grid's
     * threads of another instance.
     */
    public ConcurrentMap<String, String> sharedMap(String name) {
        if (grid == null) {
            return ownMaps.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
        }
        return grid.getMap(name);
    }

    /** Sends {@code value} to the other instances; alone, or while the grid shuts down, to nobody. */
    public void publish(String topic, long value) {
        if (grid == null) {
            return;
        }
        try {
            grid.<Long>getTopic(topic).publish(value);
        } catch (RuntimeException e) {
            // the receivers' periodic checks make up for a lost message
            LOG.log(Level.WARNING, "data grid: could not publish on " + topic, e);
        }
    }

    /**
     * Calls {@code receiver} with what the other instances publish on {@code topic}, on a grid
     * thread: the receiver only hands the value on, it never blocks.
     */
    public void subscribe(String topic, LongConsumer receiver) {
        if (grid == null) {
            return;
        }
        ITopic<Long> channel = grid.getTopic(topic);
        UUID registration = channel.addMessageListener(message -> {
            if (!message.getPublishingMember().localMember()) {
                receiver.accept(message.getMessageObject());
            }
        });
        unsubscribes.add(() -> {
            try {
                channel.removeMessageListener(registration);
            } catch (HazelcastInstanceNotActiveException e) {
                // the grid went first
            }
        });
    }
}
