package io.egressgate.server.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;

/**
 * Who is signed in to the console in this HTTP session, kept as one session attribute. Idle time
 * counts only what the person does: the pages' own polling does not keep a session alive.
 */
public final class ConsoleSession implements Serializable {

    private static final long serialVersionUID = 1L;
    static final String ATTRIBUTE = "egressgate.console.session";

    private final String username;
    private final Role role;
    private final long signedInAt;
    private volatile long verifiedAt;
    private volatile long lastActivity;

    ConsoleSession(String username, Role role, long now) {
        this.username = username;
        this.role = role;
        this.signedInAt = now;
        this.verifiedAt = now;
        this.lastActivity = now;
    }

    public static ConsoleSession of(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (ConsoleSession) session.getAttribute(ATTRIBUTE);
    }

    public String username() { return username; }
    public Role role() { return role; }
    public boolean isAdmin() { return role == Role.ADMIN; }
    public long signedInAt() { return signedInAt; }
    long verifiedAt() { return verifiedAt; }
    long lastActivity() { return lastActivity; }

    /** Something the person did, as opposed to a page refreshing itself. */
    public void activity(long now) {
        lastActivity = now;
    }

    /** The password was just proven again (after the user changed it), so the session stays valid. */
    void reverified(long now) {
        verifiedAt = now;
    }
}
