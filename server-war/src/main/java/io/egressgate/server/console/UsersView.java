package io.egressgate.server.console;

import io.egressgate.server.security.ConsoleUser;
import io.egressgate.server.security.ConsoleUsers;
import io.egressgate.server.security.Role;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.primefaces.PrimeFaces;

/** Console users (admin only): add one with a role and a first password, reset a password, remove. */
@Named
@ViewScoped
public class UsersView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsoleUsers users;

    @Inject
    Access access;

    @Inject
    Texts texts;

    private String username;
    private String role = Role.VIEWER.wireName();
    private String password;
    private String repeat;
    private Long resetId;
    private String resetName;

    public record UserRow(long id, String username, String role, long createdAt, String createdBy,
                          long passwordChangedAt, Long lastSignInAt, boolean self) implements Serializable {
        public long getId() { return id; }
        public String getUsername() { return username; }
        public String getRole() { return role; }
        public long getCreatedAt() { return createdAt; }
        public String getCreatedBy() { return createdBy; }
        public long getPasswordChangedAt() { return passwordChangedAt; }
        public Long getLastSignInAt() { return lastSignInAt; }
        public boolean isSelf() { return self; }
    }

    public List<UserRow> getRows() {
        if (!access.isAdmin()) {
            return List.of();
        }
        return users.list().stream().map(this::row).toList();
    }

    private UserRow row(ConsoleUser u) {
        return new UserRow(u.id(), u.username(), u.role().wireName(), u.createdAt(), u.createdBy(),
                u.passwordChangedAt(), u.lastSignInAt(), u.username().equals(access.getUsername()));
    }

    public List<String> getRoles() {
        return List.of(Role.VIEWER.wireName(), Role.ADMIN.wireName());
    }

    public void openCreate() {
        username = null;
        role = Role.VIEWER.wireName();
        password = null;
        repeat = null;
    }

    public void create() {
        access.requireAdmin();
        if (!Objects.equals(password, repeat)) {
            texts.fieldError("userForm:repeat", "password.mismatch");
            forgetPasswords();
            return;
        }
        try {
            ConsoleUser user = users.create(username, Role.parse(role), password, access.getUsername());
            forgetPasswords();
            texts.info("users.created.done", user.username());
            openCreate();
            PrimeFaces.current().ajax().addCallbackParam("done", true);
        } catch (ConsoleUsers.Refused e) {
            texts.fieldError("userForm:" + (e.key().startsWith("password") ? "password" : "username"), e.key(),
                    e.getMessage());
        } catch (IllegalArgumentException e) {
            texts.fieldError("userForm:role", "users.badRole", role);
        } finally {
            forgetPasswords();
        }
    }

    /** Typed passwords never outlive the request that used them. */
    private void forgetPasswords() {
        password = null;
        repeat = null;
    }

    public void openReset(long id, String name) {
        resetId = id;
        resetName = name;
        password = null;
        repeat = null;
    }

    public void reset() {
        access.requireAdmin();
        if (resetId == null) {
            return;
        }
        if (!Objects.equals(password, repeat)) {
            texts.fieldError("resetForm:resetRepeat", "password.mismatch");
            forgetPasswords();
            return;
        }
        try {
            users.resetPassword(resetId, password, access.getUsername());
            texts.info("users.reset.done", resetName);
            resetId = null;
            password = null;
            repeat = null;
            PrimeFaces.current().ajax().addCallbackParam("done", true);
        } catch (ConsoleUsers.Refused e) {
            texts.fieldError("resetForm:resetPassword", e.key(), e.getMessage());
        } finally {
            forgetPasswords();
        }
    }

    public void delete(long id) {
        access.requireAdmin();
        ConsoleUser user = users.list().stream().filter(u -> u.id() == id).findFirst().orElse(null);
        if (user == null) {
            return;
        }
        if (user.username().equals(access.getUsername())) {
            texts.error("users.notSelf");
            return;
        }
        try {
            users.delete(id, access.getUsername());
            texts.info("users.deleted", user.username());
        } catch (ConsoleUsers.Refused e) {
            texts.error(e.key(), e.getMessage());
        }
    }

    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getRole() { return role; }
    public void setRole(String role) { this.role = role; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public String getRepeat() { return repeat; }
    public void setRepeat(String repeat) { this.repeat = repeat; }
    public String getResetName() { return resetName; }
}
