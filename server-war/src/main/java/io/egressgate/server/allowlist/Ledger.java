package io.egressgate.server.allowlist;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/**
 * The only way to change which addresses are allowed. {@link #open} locks the allowlist state row,
 * so changes are serialised and every revision number is used exactly once, in commit order.
 */
@ApplicationScoped
public class Ledger {

    @PersistenceContext(unitName = "egressgate")
    EntityManager em;

    @Inject
    Event<RevisionCommitted> committed;

    /**
     * Starts a change inside the caller's transaction; finish it with {@link Edit#close()}. Call it
     * before the transaction reads anything: under REPEATABLE READ (MariaDB/MySQL) the first plain
     * read fixes the snapshot, and the edit's before/after comparison must see every change
     * committed before the lock was granted.
     */
    @Transactional(TxType.MANDATORY)
    public Edit open(String cause) {
        AllowlistState state = em.find(AllowlistState.class, AllowlistState.ID, LockModeType.PESSIMISTIC_WRITE);
        if (state == null) {
            throw new IllegalStateException("allowlist state row missing: schema not initialised");
        }
        return new Edit(em, state, cause, revision -> committed.fire(new RevisionCommitted(revision)));
    }
}
