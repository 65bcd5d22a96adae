package io.egressgate.server.console;

import io.egressgate.server.security.ConsoleAuthentication;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.regex.Pattern;

/** The sign-in page: hands the name and password to Jakarta Security, then goes where the person was headed. */
@Named
@RequestScoped
public class SignInView {

    /** Only plain console paths are followed after sign-in: never another site, never "..". */
    private static final Pattern SAFE_NEXT = Pattern.compile("/console/[A-Za-z0-9_\\-/]*\\.xhtml(\\?[A-Za-z0-9_=&\\-]*)?");

    @Inject
    SecurityContext security;

    @Inject
    Access access;

    @Inject
    Texts texts;

    private String username;
    private String password;

    /** Someone already signed in who opens the sign-in page goes straight to the console. */
    public void alreadySignedIn() throws IOException {
        if (access.isSignedIn()) {
            ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
            external.redirect(external.getRequestContextPath() + ConsoleAuthentication.HOME_PAGE);
        }
    }

    public void signIn() throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext external = faces.getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        String typed = password;
        password = null;
        if (username == null || username.isBlank() || typed == null || typed.isEmpty()) {
            texts.error("signin.missing");
            return;
        }
        AuthenticationStatus status = security.authenticate(request, (HttpServletResponse) external.getResponse(),
                AuthenticationParameters.withParams().newAuthentication(true)
                        .credential(new UsernamePasswordCredential(username.strip(), new Password(typed))));
        if (status == AuthenticationStatus.SUCCESS) {
            external.redirect(external.getRequestContextPath() + next(request));
            faces.responseComplete();
        } else if (status == AuthenticationStatus.SEND_FAILURE) {
            Object wait = request.getAttribute(ConsoleAuthentication.THROTTLED_ATTRIBUTE);
            if (wait != null) {
                texts.error("signin.throttled", wait);
            } else {
                texts.error("signin.failed");
            }
        } else {
            faces.responseComplete();
        }
    }

    private static String next(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object next = session == null ? null : session.getAttribute(ConsoleAuthentication.NEXT_ATTRIBUTE);
        if (session != null) {
            session.removeAttribute(ConsoleAuthentication.NEXT_ATTRIBUTE);
        }
        return next instanceof String path && SAFE_NEXT.matcher(path).matches() && !path.contains("..")
                ? path : ConsoleAuthentication.HOME_PAGE;
    }

    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
}
