package io.egressgate.gateway.dataplane;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The kernel only forwards for the clients when IP forwarding is on. The gateway switches it on and
 * says clearly when it cannot (a read-only /proc/sys in a container, a missing capability).
 */
public final class Forwarding {

    private final CommandRunner runner;

    public Forwarding(CommandRunner runner) {
        this.runner = runner;
    }

    /** Whether the kernel forwards this family now; unreadable counts as on, the unsafe answer. */
    public boolean isOn(Family family) {
        CommandRunner.Result current = runner.run(List.of("sysctl", "-n", key(family)));
        return !current.ok() || !current.stdout().strip().equals("0");
    }

    private static String key(Family family) {
        return family == Family.IPV4 ? "net.ipv4.ip_forward" : "net.ipv6.conf.all.forwarding";
    }

    /** Switches forwarding on where it is off; returns one message per family it could not switch on. */
    public List<String> ensureEnabled(Set<Family> families) {
        List<String> problems = new ArrayList<>();
        for (Family family : families) {
            String key = key(family);
            CommandRunner.Result current = runner.run(List.of("sysctl", "-n", key));
            if (current.ok() && current.stdout().strip().equals("1")) {
                continue;
            }
            CommandRunner.Result set = runner.run(List.of("sysctl", "-q", "-w", key + "=1"));
            if (!set.ok()) {
                problems.add(key + " is " + (current.ok() ? current.stdout().strip() : "unreadable")
                        + " and could not be set to 1 (" + set.stderr().strip() + "): clients' traffic will not be"
                        + " forwarded until it is; set it in /etc/sysctl.d/ or give the gateway CAP_NET_ADMIN"
                        + " and a writable /proc/sys/net");
            }
        }
        return problems;
    }
}
