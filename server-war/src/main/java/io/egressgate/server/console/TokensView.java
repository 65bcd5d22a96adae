package io.egressgate.server.console;

import io.egressgate.server.security.ApiToken;
import io.egressgate.server.security.Role;
import io.egressgate.server.security.TokenStore;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import org.primefaces.PrimeFaces;

/**
 * API and gateway tokens (admin only): create one (its secret is shown once, in this view only,
 * and forgotten when the dialog closes), list them, revoke them. Revoking a gateway's token also
 * disconnects that gateway.
 */
@Named
@ViewScoped
public class TokensView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    TokenStore tokens;

    @Inject
    Access access;

    @Inject
    Texts texts;

    private boolean showRevoked;
    private String name;
    private String role = Role.VIEWER.wireName();
    private String issuedName;
    private String issuedSecret;

    public record TokenRow(long id, String name, String role, long createdAt, String createdBy, Long lastUsedAt,
                           Long revokedAt) implements Serializable {
        public long getId() { return id; }
        public String getName() { return name; }
        public String getRole() { return role; }
        public long getCreatedAt() { return createdAt; }
        public String getCreatedBy() { return createdBy; }
        public Long getLastUsedAt() { return lastUsedAt; }
        public Long getRevokedAt() { return revokedAt; }
        public boolean isRevoked() { return revokedAt != null; }
    }

    public List<TokenRow> getRows() {
        if (!access.isAdmin()) {
            return List.of();
        }
        return tokens.list().stream().filter(t -> showRevoked || !t.isRevoked())
                .sorted(Comparator.comparing(ApiToken::isRevoked).thenComparing(ApiToken::id, Comparator.reverseOrder()))
                .map(t -> new TokenRow(t.id(), t.name(), t.role().wireName(), t.createdAt(), t.createdBy(),
                        t.lastUsedAt(), t.revokedAt()))
                .toList();
    }

    public List<String> getRoles() {
        return List.of(Role.VIEWER.wireName(), Role.ADMIN.wireName(), Role.GATEWAY.wireName(), Role.METRICS.wireName());
    }

    public void create() {
        access.requireAdmin();
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            texts.fieldError("createForm:name", "tokens.badName");
            return;
        }
        Role chosen;
        try {
            chosen = Role.parse(role);
        } catch (IllegalArgumentException e) {
            texts.fieldError("createForm:role", "tokens.badRole");
            return;
        }
        TokenStore.Issued issued = tokens.create(trimmed, chosen, access.getUsername());
        issuedName = issued.token().name();
        issuedSecret = issued.secret();
        name = null;
        PrimeFaces.current().ajax().addCallbackParam("done", true);
    }

    /** The secret is shown once; closing the dialog drops it from the server's memory too. */
    public void forgetSecret() {
        issuedName = null;
        issuedSecret = null;
    }

    public void revoke(long id) {
        access.requireAdmin();
        ApiToken token = tokens.find(id).orElse(null);
        if (token == null) {
            texts.error("tokens.gone");
            return;
        }
        tokens.revoke(id, access.getUsername());
        texts.info("tokens.revoked", token.name());
    }

    public boolean isShowRevoked() { return showRevoked; }
    public void setShowRevoked(boolean showRevoked) { this.showRevoked = showRevoked; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getRole() { return role; }
    public void setRole(String role) { this.role = role; }
    public String getIssuedName() { return issuedName; }
    public String getIssuedSecret() { return issuedSecret; }
}
