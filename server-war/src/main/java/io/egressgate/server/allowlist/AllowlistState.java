package io.egressgate.server.allowlist;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The single row holding the epoch and the newest revision; locking it serialises all changes. */
@Entity
@Table(name = "eg_allowlist_state")
public class AllowlistState {

    static final int ID = 1;

    @Id
    private int id;

    @Column(nullable = false, updatable = false)
    private String epoch;

    @Column(nullable = false)
    private long revision;

    public String epoch() {
        return epoch;
    }

    public long revision() {
        return revision;
    }

    long advance() {
        return ++revision;
    }
}
