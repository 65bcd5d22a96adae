package io.egressgate.server.security;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code /metrics} names every gateway, its hostname and the traffic to each allowed address: it
 * needs a bearer token of role metrics (a Prometheus credential that reads nothing else), viewer or
 * admin, unless {@code metrics_public: true}. Payara serves the metrics endpoint inside the web app
 * at the root context, so this filter sees it; {@code /health/*} stays open for load balancers.
 */
@WebFilter(urlPatterns = {"/metrics", "/metrics/*"})
public class MetricsAccess extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    transient TokenStore tokens;

    @Inject
    @ConfigProperty(name = "egressgate.metrics_public", defaultValue = "false")
    boolean open;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (open) {
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader("Authorization");
        Optional<Caller> caller = tokens.checkAuthorization(header);
        if (caller.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"egress-gate metrics\"");
            refuse(response, 401, header == null
                    ? "/metrics needs an Authorization: Bearer <token> header (role metrics, viewer or admin)"
                    : "the bearer token is unknown or revoked");
            return;
        }
        Role role = caller.get().role();
        if (role == Role.GATEWAY) {
            refuse(response, 403, "a gateway token may not read /metrics; use a token of role metrics");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, int status, String why) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().println(why);
    }
}
