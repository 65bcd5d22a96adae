package io.egressgate.server.console;

import io.egressgate.server.security.ConsoleUsers;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Objects;
import org.primefaces.PrimeFaces;

/** The signed-in person changes their own password (the header's account menu). */
@Named
@RequestScoped
public class AccountView {

    @Inject
    ConsoleUsers users;

    @Inject
    Access access;

    @Inject
    Texts texts;

    private String current;
    private String next;
    private String repeat;

    public void changePassword() {
        if (!Objects.equals(next, repeat)) {
            texts.fieldError("accountForm:repeatPassword", "password.mismatch");
            return;
        }
        try {
            users.changeOwnPassword(access.session(), current, next);
            texts.info("account.changed");
            PrimeFaces.current().ajax().addCallbackParam("done", true);
        } catch (ConsoleUsers.Refused e) {
            texts.fieldError(e.key().equals("account.wrongPassword") ? "accountForm:currentPassword"
                    : "accountForm:newPassword", e.key(), e.getMessage());
        }
    }

    public String getCurrent() { return current; }
    public void setCurrent(String current) { this.current = current; }
    public String getNext() { return next; }
    public void setNext(String next) { this.next = next; }
    public String getRepeat() { return repeat; }
    public void setRepeat(String repeat) { this.repeat = repeat; }
}
