package io.egressgate.server.audit;

/**
 * What to look for in the audit log; a null or blank field does not filter. {@code text} is
 * searched case-insensitively in the actor, the subject and the detail; {@code subject} must match
 * exactly (as entries record it, e.g. "DOMAIN example.com").
 */
public record AuditQuery(String text, String action, String via, String subject) {

    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null);
    }

    public static AuditQuery aboutSubject(String subject) {
        return new AuditQuery(null, null, null, subject);
    }
}
