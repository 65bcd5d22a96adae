package io.egressgate.server.security;

import io.egressgate.server.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The console's users: created by an admin (the first one by {@link AdminBootstrap}), signed in
 * with a password, removed when no longer needed. Only the roles admin and viewer exist here.
 */
@ApplicationScoped
public class ConsoleUsers {

    public static final int MIN_PASSWORD = 12;
    public static final int MAX_PASSWORD = 200;
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");
    /** How long a session's "is this user still valid" answer is trusted without the database. */
    private static final long CACHE_MILLIS = 5_000;

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    @Inject
    PasswordHashing hashing;

    @Inject
    AuditLog audit;

    private final Map<String, Standing> standings = new ConcurrentHashMap<>();

    /** When the user's password last changed, or empty if the user is gone. */
    private record Standing(Optional<Long> passwordChangedAt, long checkedAt) {
    }

    /** A refused change, with a message key the console translates and the value it is about. */
    public static class Refused extends RuntimeException {
        private final String key;

        public Refused(String key, String detail) {
            super(detail);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    @Transactional
    public long count() {
        return em.createQuery("SELECT COUNT(u) FROM ConsoleUser u", Long.class).getSingleResult();
    }

    @Transactional
    public List<ConsoleUser> list() {
        return em.createQuery("SELECT u FROM ConsoleUser u ORDER BY u.username", ConsoleUser.class).getResultList();
    }

    @Transactional
    public Optional<ConsoleUser> find(String username) {
        return em.createQuery("SELECT u FROM ConsoleUser u WHERE u.username = :name", ConsoleUser.class)
                .setParameter("name", normalise(username)).getResultStream().findFirst();
    }

    @Transactional
    public ConsoleUser create(String username, Role role, String password, String actor) {
        String name = normalise(username);
        if (!USERNAME.matcher(name).matches()) {
            throw new Refused("users.badName", username);
        }
        if (role != Role.ADMIN && role != Role.VIEWER) {
            throw new Refused("users.badRole", String.valueOf(role));
        }
        requireStrong(password);
        if (find(name).isPresent()) {
            throw new Refused("users.exists", name);
        }
        ConsoleUser user = new ConsoleUser(name, role, hashing.hash(password), System.currentTimeMillis(), actor);
        em.persist(user);
        audit.record(actor, "user.create", "console user " + name, "role " + role.wireName());
        standings.remove(name);
        return user;
    }

    /** An admin sets a new password for someone; that user's sessions end. */
    @Transactional
    public void resetPassword(long id, String password, String actor) {
        ConsoleUser user = em.find(ConsoleUser.class, id);
        if (user == null) {
            throw new Refused("users.gone", Long.toString(id));
        }
        requireStrong(password);
        user.newPassword(hashing.hash(password), System.currentTimeMillis());
        audit.record(actor, "user.password", "console user " + user.username(), "reset by an admin");
        standings.remove(user.username());
    }

    /**
     * The signed-in user changes their own password, proving they know the current one. Their other
     * sessions end; this one stays, since it has just proven the password again.
     */
    @Transactional
    public void changeOwnPassword(ConsoleSession session, String current, String next) {
        String username = session.username();
        ConsoleUser user = find(username).orElseThrow(() -> new Refused("users.gone", username));
        if (current == null || !hashing.matches(current, user.passwordHash())) {
            throw new Refused("account.wrongPassword", username);
        }
        requireStrong(next);
        long now = System.currentTimeMillis();
        user.newPassword(hashing.hash(next), now);
        audit.record(user.username(), "user.password", "console user " + user.username(), "changed by the user");
        standings.remove(user.username());
        session.reverified(now);
    }

    /** Removes a user; never the last admin, so the console cannot lock itself out. */
    @Transactional
    public void delete(long id, String actor) {
        ConsoleUser user = em.find(ConsoleUser.class, id);
        if (user == null) {
            return;
        }
        if (user.role() == Role.ADMIN && em.createQuery(
                "SELECT COUNT(u) FROM ConsoleUser u WHERE u.role = :role", Long.class)
                .setParameter("role", Role.ADMIN).getSingleResult() <= 1) {
            throw new Refused("users.lastAdmin", user.username());
        }
        em.remove(user);
        audit.record(actor, "user.delete", "console user " + user.username(), null);
        standings.remove(user.username());
    }

    /** Checks a password; the answer takes as long for an unknown user as for a wrong password. */
    @Transactional
    public Optional<ConsoleUser> verify(String username, String password) {
        if (username == null || password == null || password.length() > MAX_PASSWORD) {
            return Optional.empty();
        }
        Optional<ConsoleUser> user = find(username);
        if (user.isEmpty()) {
            hashing.decoyCheck(password);
            return Optional.empty();
        }
        if (!hashing.matches(password, user.get().passwordHash())) {
            return Optional.empty();
        }
        user.get().signedIn(System.currentTimeMillis());
        return user;
    }

    /** False once the user was removed or their password changed after {@code verifiedAt}. */
    public boolean stillValid(String username, long verifiedAt) {
        long now = System.currentTimeMillis();
        Standing standing = standings.get(username);
        if (standing == null || now - standing.checkedAt() > CACHE_MILLIS) {
            standing = new Standing(find(username).map(ConsoleUser::passwordChangedAt), now);
            if (standings.size() > 10_000) {
                standings.clear();
            }
            standings.put(username, standing);
        }
        return standing.passwordChangedAt().map(changed -> changed <= verifiedAt).orElse(false);
    }

    /**
     * For {@code reset-admin}: the user "admin" exists, is an admin and has {@code password}, whatever
     * became of it; its sessions end.
     */
    @Transactional
    public void resetAdmin(String password, String actor) {
        Optional<ConsoleUser> found = find("admin");
        if (found.isEmpty()) {
            create("admin", Role.ADMIN, password, actor);
            return;
        }
        ConsoleUser user = found.get();
        user.becomeAdmin();
        user.newPassword(hashing.hash(password), System.currentTimeMillis());
        audit.record(actor, "user.password", "console user admin", "reset by the operator command; role admin");
        standings.remove(user.username());
    }

    /** Only for the first start: the admin who can then create everybody else. */
    @Transactional
    void createFirstAdmin(String password) {
        em.persist(new ConsoleUser("admin", Role.ADMIN, hashing.hash(password), System.currentTimeMillis(),
                "bootstrap"));
    }

    static String normalise(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    private static void requireStrong(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new Refused("password.tooShort", Integer.toString(MIN_PASSWORD));
        }
        if (password.length() > MAX_PASSWORD) {
            throw new Refused("password.tooLong", Integer.toString(MAX_PASSWORD));
        }
    }
}
