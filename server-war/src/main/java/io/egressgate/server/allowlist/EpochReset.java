package io.egressgate.server.allowlist;

import io.egressgate.server.audit.AuditLog;
import io.egressgate.server.startup.OperatorCommand;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.UUID;

/**
 * {@code reset-epoch}, after a database restore: the restored database may hand out revision
 * numbers again that gateways already applied with other contents, and a gateway that asks for a
 * delta from such a revision would get the wrong one. A new epoch makes every gateway take a whole
 * snapshot when it next connects. Revision numbers go on from where they are.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class EpochReset {

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    @Inject
    AuditLog audit;

    @PostConstruct
    void resetWhenAsked() {
        OperatorCommand command = OperatorCommand.RESET_EPOCH;
        if (!command.requested()) {
            return;
        }
        AllowlistState state = em.find(AllowlistState.class, AllowlistState.ID, LockModeType.PESSIMISTIC_WRITE);
        String old = state.epoch();
        String epoch = UUID.randomUUID().toString();
        // the epoch column is not updatable through the entity: nothing else may ever change it
        em.createNativeQuery("UPDATE eg_allowlist_state SET epoch = ? WHERE id = ?")
                .setParameter(1, epoch).setParameter(2, AllowlistState.ID).executeUpdate();
        em.getEntityManagerFactory().getCache().evict(AllowlistState.class);
        audit.record(command.actor(), "epoch.reset", "allowlist", "epoch " + old + " replaced by " + epoch
                + " at revision " + state.revision());
        command.done("epoch " + old + " is now " + epoch + " (revision " + state.revision() + "): every gateway"
                + " takes a whole snapshot when it next connects");
    }
}
