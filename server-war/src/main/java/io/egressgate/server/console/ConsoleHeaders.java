package io.egressgate.server.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Browser-side protection for the console's pages: never framed (clickjacking), never cached (the
 * back button after signing out shows nothing), no content sniffing, no plugins. PrimeFaces adds
 * its own nonce-based script-src policy; browsers enforce both policies.
 */
@WebFilter(urlPatterns = {"/console/*", "/login.xhtml"})
public class ConsoleHeaders extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Cache-Control", "no-store");
        response.addHeader("Content-Security-Policy",
                "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'");
        chain.doFilter(request, response);
    }
}
