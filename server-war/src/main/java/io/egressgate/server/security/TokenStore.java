package io.egressgate.server.security;

import io.egressgate.server.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates, checks and revokes tokens. Checks are cached briefly; a revocation evicts at once, here
 * and (through the data grid) on the other instances.
 */
@ApplicationScoped
public class TokenStore {

    /** How long a checked token is trusted without asking the database again. */
    private static final long CACHE_MILLIS = 5_000;
    /** last_used_at is written at most this often per token, so reads don't turn into writes. */
    private static final long LAST_USED_RESOLUTION_MILLIS = 60_000;

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    Event<TokenRevoked> revoked;

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<Caller> caller, long checkedAt) {
    }

    /** A token just made: the secret is in {@code secret} and nowhere else. */
    public record Issued(ApiToken token, String secret) {
    }

    public record TokenRevoked(long tokenId) {
    }

    @Transactional
    public Issued create(String name, Role role, Caller by) {
        return create(name, role, by.name());
    }

    /** Creates a token on behalf of {@code actor}, a token's or a console user's name. */
    @Transactional
    public Issued create(String name, Role role, String actor) {
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw new IllegalArgumentException("name must be 1 to 100 characters");
        }
        String secret = TokenSecrets.generate();
        ApiToken token = new ApiToken(trimmed, role, TokenSecrets.hash(secret), System.currentTimeMillis(), actor);
        em.persist(token);
        em.flush();
        audit.record(actor, "token.create", "token " + token.id() + " (" + trimmed + ")", "role " + role.wireName());
        return new Issued(token, secret);
    }

    /** Stores a secret chosen by the operator (bootstrap only). */
    @Transactional
    ApiToken storeSupplied(String name, Role role, String secret) {
        ApiToken token = new ApiToken(name, role, TokenSecrets.hash(secret), System.currentTimeMillis(), "bootstrap");
        em.persist(token);
        return token;
    }

    @Transactional
    public long count() {
        return em.createQuery("SELECT COUNT(t) FROM ApiToken t", Long.class).getSingleResult();
    }

    @Transactional
    public List<ApiToken> list() {
        return em.createQuery("SELECT t FROM ApiToken t ORDER BY t.id", ApiToken.class).getResultList();
    }

    @Transactional
    public Optional<ApiToken> find(long id) {
        return Optional.ofNullable(em.find(ApiToken.class, id));
    }

    /** Revokes for good; returns false when there is no such token. */
    @Transactional
    public boolean revoke(long id, Caller by) {
        return revoke(id, by.name());
    }

    /** Revokes for good on behalf of {@code actor}; returns false when there is no such token. */
    @Transactional
    public boolean revoke(long id, String actor) {
        ApiToken token = em.find(ApiToken.class, id);
        if (token == null) {
            return false;
        }
        if (!token.isRevoked()) {
            token.revoke(System.currentTimeMillis());
            audit.record(actor, "token.revoke", "token " + id + " (" + token.name() + ")", null);
            revoked.fire(new TokenRevoked(id));
        }
        forget(id);
        return true;
    }

    /** Drops the cached checks of a token, as when another instance revoked it: its next use asks the database. */
    public void forget(long tokenId) {
        cache.values().removeIf(c -> c.caller().map(caller -> caller.tokenId() == tokenId).orElse(false));
    }

    /** The caller of an {@code Authorization: Bearer <secret>} header, if it names a live token. */
    public Optional<Caller> checkAuthorization(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return check(header.substring(7).trim());
    }

    /** The caller a presented secret belongs to, if it is a live token. */
    @Transactional
    public Optional<Caller> check(String secret) {
        if (secret == null || secret.isBlank() || secret.length() > 512) {
            return Optional.empty();
        }
        String hash = TokenSecrets.hash(secret);
        long now = System.currentTimeMillis();
        Cached cached = cache.get(hash);
        if (cached != null && now - cached.checkedAt() < CACHE_MILLIS) {
            return cached.caller();
        }
        List<ApiToken> found = em.createQuery("SELECT t FROM ApiToken t WHERE t.tokenHash = :hash", ApiToken.class)
                .setParameter("hash", hash).getResultList();
        Optional<Caller> caller = found.stream().filter(t -> !t.isRevoked()).findFirst().map(t -> {
            if (t.lastUsedAt() == null || now - t.lastUsedAt() > LAST_USED_RESOLUTION_MILLIS) {
                t.usedAt(now);
            }
            return new Caller(t.id(), t.name(), t.role());
        });
        if (cache.size() > 10_000) {
            cache.clear();
        }
        cache.put(hash, new Cached(caller, now));
        return caller;
    }
}
