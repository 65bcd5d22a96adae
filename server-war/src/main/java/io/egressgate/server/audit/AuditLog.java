package io.egressgate.server.audit;

import io.egressgate.server.query.Like;
import io.egressgate.server.query.Where;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.List;
import java.util.Locale;

@ApplicationScoped
public class AuditLog {

    public static final String VIA_API = "api";
    public static final String VIA_CONSOLE = "console";
    public static final String VIA_SERVER = "server";

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    @Inject
    HttpServletRequest request;

    /** Part of the caller's transaction: a change and its audit record commit or fail together. */
    @Transactional(TxType.MANDATORY)
    public void record(String actor, String action, String subject, String detail) {
        em.persist(new AuditEntry(System.currentTimeMillis(), truncate(actor, 100), action,
                truncate(subject, 255), detail == null ? null : truncate(detail, 1000), via()));
    }

    @Transactional
    public List<AuditEntry> newest(int limit) {
        return em.createQuery("SELECT a FROM AuditEntry a ORDER BY a.id DESC", AuditEntry.class)
                .setMaxResults(limit).getResultList();
    }

    /** One page of matching entries, newest first unless {@code oldestFirst}. */
    @Transactional
    public List<AuditEntry> search(AuditQuery query, boolean oldestFirst, int offset, int limit) {
        Where where = where(query);
        TypedQuery<AuditEntry> items = em.createQuery("SELECT a FROM AuditEntry a" + where.clause()
                + " ORDER BY a.id " + (oldestFirst ? "ASC" : "DESC"), AuditEntry.class);
        where.bind(items);
        return items.setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    @Transactional
    public long count(AuditQuery query) {
        Where where = where(query);
        TypedQuery<Long> count = em.createQuery("SELECT COUNT(a) FROM AuditEntry a" + where.clause(), Long.class);
        where.bind(count);
        return count.getSingleResult();
    }

    @Transactional
    public List<String> actions() {
        return em.createQuery("SELECT DISTINCT a.action FROM AuditEntry a ORDER BY a.action", String.class)
                .getResultList();
    }

    private static Where where(AuditQuery query) {
        Where where = new Where();
        if (present(query.text())) {
            where.and("(LOWER(a.actor) LIKE :text" + Like.ESCAPE + " OR LOWER(a.subject) LIKE :text" + Like.ESCAPE
                    + " OR LOWER(a.detail) LIKE :text" + Like.ESCAPE + ")", "text",
                    Like.containing(query.text().strip().toLowerCase(Locale.ROOT)));
        }
        if (present(query.action())) {
            where.and("a.action = :action", "action", query.action());
        }
        if (present(query.via())) {
            where.and("a.via = :via", "via", query.via());
        }
        if (present(query.subject())) {
            where.and("a.subject = :subject", "subject", query.subject());
        }
        return where;
    }

    private static boolean present(String text) {
        return text != null && !text.isBlank();
    }

    /**
     * The channel is read off the request rather than passed in, so no caller can claim another:
     * /api/ is the REST API, other web requests are the console, no request at all is the server
     * itself (the resolver, the gateway channel's threads).
     */
    private String via() {
        try {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            return path.startsWith("/api/") ? VIA_API : VIA_CONSOLE;
        } catch (RuntimeException noRequest) {
            return VIA_SERVER;
        }
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
