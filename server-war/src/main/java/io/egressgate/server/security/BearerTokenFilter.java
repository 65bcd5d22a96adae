package io.egressgate.server.security;

import io.egressgate.server.api.Problem;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;

/**
 * Every API call needs a live bearer token. Reading needs viewer or admin; changing anything, and
 * everything about tokens, needs admin. Gateway tokens open only the gateway channel.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {

    @Inject
    TokenStore tokens;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<Caller> caller = tokens.checkAuthorization(header);
        if (caller.isEmpty()) {
            request.abortWith(Problem.response(401, "Unauthorized",
                    header == null ? "this call needs an Authorization: Bearer <token> header"
                            : "the bearer token is unknown or revoked", Map.of()));
            return;
        }
        Role role = caller.get().role();
        boolean reading = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        boolean tokenManagement = request.getUriInfo().getPath().startsWith("tokens")
                || request.getUriInfo().getPath().startsWith("/tokens");
        boolean allowed = switch (role) {
            case ADMIN -> true;
            case VIEWER -> reading && !tokenManagement;
            case GATEWAY, METRICS -> false;
        };
        if (!allowed) {
            request.abortWith(Problem.response(Response.Status.FORBIDDEN,
                    "a " + role.wireName() + " token may not " + (role == Role.GATEWAY || role == Role.METRICS ? "use the API"
                            : reading ? "read tokens" : "change anything")));
            return;
        }
        request.setSecurityContext(new TokenSecurityContext(caller.get(),
                request.getSecurityContext().isSecure()));
    }

    private record TokenSecurityContext(Caller caller, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.role().wireName().equals(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}
