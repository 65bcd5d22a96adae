package io.egressgate.server.gateways;

import io.egressgate.server.allowlist.Version;
import java.io.Serializable;

/** One gateway as the console shows it: what it reported, whether it is connected, how far behind. */
public final class GatewayRow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String gatewayId;
    private final String hostname;
    private final String version;
    private final String mode;
    private final boolean connected;
    private final Long connectedSince;
    private final Long appliedRevision;
    private final Long lag;
    private final long firstSeen;
    private final long lastSeen;
    private final Long lastAck;
    private final Long lastApplyMs;
    private final int skipped;

    GatewayRow(GatewayRecord record, GatewayHub.LiveGateway live, Version current, long now) {
        this.gatewayId = record.gatewayId();
        this.hostname = record.hostname();
        this.version = record.version();
        // a live connection's hello is the newest word; a gateway older than protocol 4 enforces
        this.mode = live != null ? live.mode() : record.mode() == null ? io.egressgate.protocol.Hello.ENFORCE : record.mode();
        this.connected = live != null;
        this.connectedSince = live == null ? null : live.connectedSince();
        this.appliedRevision = record.appliedRevision();
        // A gateway of another epoch (the database was recreated) is not "behind": it needs a snapshot.
        this.lag = current.epoch().equals(record.appliedEpoch()) && record.appliedRevision() != null
                ? Math.max(0, current.revision() - record.appliedRevision()) : null;
        this.firstSeen = record.firstSeen();
        this.lastSeen = live != null ? now : record.lastSeen();
        this.lastAck = record.lastAckAt();
        this.lastApplyMs = record.lastApplyMs();
        this.skipped = record.skipped();
    }

    public String getGatewayId() { return gatewayId; }
    public String getHostname() { return hostname; }
    public String getVersion() { return version; }
    public String getMode() { return mode; }
    public boolean isReporting() { return io.egressgate.protocol.Hello.REPORT.equals(mode); }
    public boolean isConnected() { return connected; }
    public Long getConnectedSince() { return connectedSince; }
    public Long getAppliedRevision() { return appliedRevision; }
    public Long getLag() { return lag; }
    public boolean isInSync() { return connected && lag != null && lag == 0; }
    public long getFirstSeen() { return firstSeen; }
    public long getLastSeen() { return lastSeen; }
    public Long getLastAck() { return lastAck; }
    public Long getLastApplyMs() { return lastApplyMs; }
    public int getSkipped() { return skipped; }
}
