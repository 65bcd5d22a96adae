package io.egressgate.deployment;

import io.egressgate.network.RunningProcess;
import io.egressgate.network.Site;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The real route manager in a site's client namespace, pointing every public range at the gateway. */
public final class RouteProcess implements AutoCloseable {

    private final RunningProcess process;

    private RouteProcess(RunningProcess process) {
        this.process = process;
    }

    /** Starts it and waits until its first round has put the routes in place. */
    public static RouteProcess start(Site site, Path logDir) {
        RunningProcess process = RunningProcess.start("route-" + site.number(), site.client().command(Artifacts.java(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", Artifacts.routeJar().toString(),
                "-iptables-gateway", site.gatewayClientSide(), "-interval", "5s"), logDir, Map.of());
        RouteProcess route = new RouteProcess(process);
        try {
            process.awaitOutput("watching the routes", Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            route.close();
            throw e;
        }
        return route;
    }

    public String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }
}
