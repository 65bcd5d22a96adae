package io.egressgate.server.launcher;

import java.util.ArrayList;
import java.util.List;

/** The lines an operator reads once the server is up: where it listens, where its data is, how to sign in. */
final class ReadyBlock {

    private ReadyBlock() {
    }

    /** @param signInHint what the WAR said about the admin it has just made, null on later starts */
    static void print(ServerSettings settings, String signInHint) {
        System.out.println(String.join(System.lineSeparator(), lines(settings, signInHint)));
    }

    static List<String> lines(ServerSettings settings, String signInHint) {
        String http = "http://localhost:" + settings.port();
        String https = settings.sslPort().map(port -> "https://localhost:" + port).orElse(null);
        String preferred = https != null ? https : http;
        List<String> lines = new ArrayList<>();
        lines.add("egress-gate server: ready");
        lines.add("  console   " + preferred + "/" + (https != null ? "   (also " + http + "/)" : ""));
        lines.add("  API       " + preferred + "/api/v1   (OpenAPI document at /openapi)");
        lines.add("  gateways  " + preferred.replaceFirst("^http", "ws") + "/ws/gateway");
        lines.add("  metrics   " + preferred + "/metrics (bearer token: metrics, viewer or admin);"
                + " health " + preferred + "/health/ready");
        lines.add("  data      " + settings.database().describe() + "; data directory " + settings.dataDir());
        lines.add("  sign in   " + (signInHint != null ? signInHint
                : "with your console user (every admin lost? egress-gate-server reset-admin)"));
        return lines;
    }
}
