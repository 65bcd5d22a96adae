package io.egressgate.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A browser that once reached the server over HTTPS keeps using HTTPS for a year (HSTS), so a
 * network attacker cannot downgrade a later visit and read the session cookie, which is Secure on
 * HTTPS ({@code cookieSecure=dynamic} in glassfish-web.xml). Plain HTTP answers carry no such header:
 * browsers ignore it there, and the HTTP port stays usable for tests and health checks.
 */
@WebFilter(urlPatterns = "/*")
public class StrictTransport extends HttpFilter {

    private static final long serialVersionUID = 1L;
    static final String POLICY = "max-age=31536000";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.isSecure()) {
            response.setHeader("Strict-Transport-Security", POLICY);
        }
        chain.doFilter(request, response);
    }
}
