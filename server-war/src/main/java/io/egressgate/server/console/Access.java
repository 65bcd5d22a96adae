package io.egressgate.server.console;

import io.egressgate.server.security.ConsoleAuthentication;
import io.egressgate.server.security.ConsoleSession;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * Who is using the console in this request, and what they may do. Pages hide what a viewer may not
 * use; every changing action also calls {@link #requireAdmin()}, so a hand-made request cannot do
 * more than the page offers.
 */
@Named
@RequestScoped
public class Access {

    @Inject
    HttpServletRequest request;

    /** A change was attempted by someone who may only look. */
    public static class NotAllowed extends RuntimeException {
        public NotAllowed() {
            super("this console user may only look, not change");
        }
    }

    public boolean isSignedIn() {
        return session() != null;
    }

    public String getUsername() {
        ConsoleSession session = session();
        return session == null ? "" : session.username();
    }

    public String getRole() {
        ConsoleSession session = session();
        return session == null ? "" : session.role().wireName();
    }

    public boolean isAdmin() {
        ConsoleSession session = session();
        return session != null && session.isAdmin();
    }

    public void requireAdmin() {
        if (!isAdmin()) {
            throw new NotAllowed();
        }
    }

    /** For admin-only pages: a viewer sees an explanation with status 403 instead of the page. */
    public void guardAdminPage() {
        if (!isAdmin()) {
            FacesContext.getCurrentInstance().getExternalContext().setResponseStatus(403);
        }
    }

    public void signOut() throws IOException, ServletException {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        request.logout();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        external.redirect(external.getRequestContextPath() + ConsoleAuthentication.SIGN_IN_PAGE + "?signedOut=true");
        FacesContext.getCurrentInstance().responseComplete();
    }

    ConsoleSession session() {
        return ConsoleSession.of(request);
    }
}
