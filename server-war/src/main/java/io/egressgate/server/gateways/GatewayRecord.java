package io.egressgate.server.gateways;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Every gateway ever seen, and what it last reported. */
@Entity
@Table(name = "eg_gateway")
public class GatewayRecord {

    @Id
    @Column(name = "gateway_id")
    private String gatewayId;

    @Column(nullable = false)
    private String hostname;

    private String version;

    /** enforce or report, as the last hello said; null for a gateway not seen since protocol version 4. */
    @Column(name = "run_mode")
    private String mode;

    @Column(name = "token_id")
    private Long tokenId;

    @Column(name = "applied_epoch")
    private String appliedEpoch;

    @Column(name = "applied_revision")
    private Long appliedRevision;

    @Column(name = "first_seen", nullable = false)
    private long firstSeen;

    @Column(name = "last_seen", nullable = false)
    private long lastSeen;

    @Column(name = "last_ack_at")
    private Long lastAckAt;

    @Column(name = "last_apply_ms")
    private Long lastApplyMs;

    @Column(nullable = false)
    private int skipped;

    protected GatewayRecord() {
    }

    GatewayRecord(String gatewayId, long now) {
        this.gatewayId = gatewayId;
        this.firstSeen = now;
        this.lastSeen = now;
        this.hostname = "";
    }

    void hello(String hostname, String version, String mode, long tokenId, String epoch, Long revision, long now) {
        this.hostname = truncate(hostname, 255);
        this.version = version == null ? null : truncate(version, 50);
        this.mode = mode;
        this.tokenId = tokenId;
        this.appliedEpoch = epoch;
        this.appliedRevision = revision;
        this.lastSeen = now;
    }

    void seen(long now) {
        this.lastSeen = now;
    }

    public String gatewayId() { return gatewayId; }
    public String hostname() { return hostname; }
    public String version() { return version; }
    public String mode() { return mode; }
    public String appliedEpoch() { return appliedEpoch; }
    public Long appliedRevision() { return appliedRevision; }
    public Long tokenId() { return tokenId; }
    public long firstSeen() { return firstSeen; }
    public long lastSeen() { return lastSeen; }
    public Long lastAckAt() { return lastAckAt; }
    public Long lastApplyMs() { return lastApplyMs; }
    public int skipped() { return skipped; }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
