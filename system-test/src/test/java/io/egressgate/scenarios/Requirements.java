package io.egressgate.scenarios;

import io.egressgate.network.Shell;
import org.junit.jupiter.api.Assumptions;

import java.util.ArrayList;
import java.util.List;

/**
 * What the box needs from the machine. Missing: the scenarios are skipped with the reason, except
 * under CI=true, where the same condition fails the build so a missing install step never hides.
 */
final class Requirements {

    static final List<String> TOOLS = List.of("ip", "iptables", "ip6tables", "iptables-restore", "ipset", "sysctl",
            "curl", "dnsmasq");

    private Requirements() {
    }

    static void tools(List<String> tools) {
        List<String> missing = new ArrayList<>();
        for (String tool : tools) {
            if (!Shell.available(tool)) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            unmet("missing tools " + missing + " (Debian: apt-get install iproute2 iptables ipset curl dnsmasq-base prometheus)");
        }
        if (!Shell.run("id", "-u").out().strip().equals("0")) {
            unmet("needs root: the box is built from network namespaces, iptables rules and ipsets");
        }
    }

    static void unmet(String problem) {
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("system test: " + problem);
        }
        Assumptions.abort("system test skipped: " + problem);
    }
}
