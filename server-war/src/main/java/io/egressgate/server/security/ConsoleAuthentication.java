package io.egressgate.server.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Form sign-in for the console, and nothing else: requests outside /console and the sign-in page
 * (the API with its bearer tokens, the gateway channel, metrics, health) pass through untouched.
 * A signed-in person is remembered in the HTTP session until they sign out, stay idle too long, are
 * removed, or have their password changed. Written instead of the built-in form mechanism so that
 * a Faces Ajax request (a table refresh) is sent to the sign-in page with a partial-response
 * redirect the browser follows, not a 302 that would feed the page's script an HTML document.
 */
@ApplicationScoped
public class ConsoleAuthentication implements HttpAuthenticationMechanism {

    public static final String SIGN_IN_PAGE = "/login.xhtml";
    public static final String HOME_PAGE = "/console/overview.xhtml";
    /** Where a person was going when asked to sign in; only ever a /console/ path. */
    public static final String NEXT_ATTRIBUTE = "egressgate.console.next";
    /** Set on the request when a sign-in was refused because of too many failures. */
    public static final String THROTTLED_ATTRIBUTE = "egressgate.console.throttled";
    private static final Logger LOG = Logger.getLogger(ConsoleAuthentication.class.getName());

    @Inject
    IdentityStoreHandler identities;

    @Inject
    ConsoleUsers users;

    @Inject
    SignInThrottle throttle;

    @Inject
    @ConfigProperty(name = "egressgate.console_idle_timeout", defaultValue = "1800")
    long idleSeconds;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        if (!isConsole(request)) {
            return context.doNothing();
        }
        long now = System.currentTimeMillis();
        Credential credential = context.getAuthParameters().getCredential();
        if (credential instanceof UsernamePasswordCredential password) {
            return signIn(request, context, password, now);
        }
        ConsoleSession session = ConsoleSession.of(request);
        boolean expired = false;
        if (session != null) {
            if (now - session.lastActivity() <= idleSeconds * 1000
                    && users.stillValid(session.username(), session.verifiedAt())) {
                return context.notifyContainerAboutLogin(session.username(), Set.of(session.role().wireName()));
            }
            request.getSession().invalidate();
            expired = true;
        }
        if (context.isProtected()) {
            return toSignIn(request, response, context, expired);
        }
        return context.doNothing();
    }

    @Override
    public void cleanSubject(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(ConsoleSession.ATTRIBUTE);
        }
        HttpAuthenticationMechanism.super.cleanSubject(request, response, context);
    }

    public long idleSeconds() {
        return idleSeconds;
    }

    private AuthenticationStatus signIn(HttpServletRequest request, HttpMessageContext context,
                                        UsernamePasswordCredential password, long now) {
        String address = request.getRemoteAddr();
        long wait = throttle.waitMillis(password.getCaller(), address, now);
        if (wait > 0) {
            request.setAttribute(THROTTLED_ATTRIBUTE, (wait + 999) / 1000);
            return AuthenticationStatus.SEND_FAILURE;
        }
        CredentialValidationResult result = identities.validate(password);
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            throttle.failed(password.getCaller(), address, now);
            LOG.info(() -> "console sign-in refused for '" + printable(password.getCaller()) + "' from " + address);
            return AuthenticationStatus.SEND_FAILURE;
        }
        throttle.succeeded(password.getCaller(), address);
        Role role = Role.parse(result.getCallerGroups().iterator().next());
        String name = result.getCallerPrincipal().getName();
        HttpSession session = request.getSession(true);
        // A new session id at sign-in: an id planted before it (session fixation) is worth nothing.
        request.changeSessionId();
        session.setAttribute(ConsoleSession.ATTRIBUTE, new ConsoleSession(name, role, now));
        session.setMaxInactiveInterval((int) Math.min(Integer.MAX_VALUE, idleSeconds + 60));
        return context.notifyContainerAboutLogin(result);
    }

    private AuthenticationStatus toSignIn(HttpServletRequest request, HttpServletResponse response,
                                          HttpMessageContext context, boolean expired) {
        String url = request.getContextPath() + SIGN_IN_PAGE + (expired ? "?expired=true" : "");
        if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
            response.setContentType("text/xml");
            response.setCharacterEncoding("UTF-8");
            try {
                response.getWriter().write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                        + url.replace("&", "&amp;").replace("\"", "&quot;") + "\"/></partial-response>");
            } catch (IOException e) {
                return AuthenticationStatus.SEND_FAILURE;
            }
            return AuthenticationStatus.SEND_CONTINUE;
        }
        if ("GET".equals(request.getMethod())) {
            String target = request.getRequestURI().substring(request.getContextPath().length())
                    + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            request.getSession(true).setAttribute(NEXT_ATTRIBUTE, target);
        }
        return context.redirect(url);
    }

    private static boolean isConsole(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/console") || path.startsWith("/console/") || path.equals(SIGN_IN_PAGE);
    }

    private static String printable(String text) {
        String value = String.valueOf(text);
        return (value.length() > 64 ? value.substring(0, 64) : value).replaceAll("[^\\p{Print}]", "?");
    }
}
