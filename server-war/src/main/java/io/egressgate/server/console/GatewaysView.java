package io.egressgate.server.console;

import io.egressgate.server.gateways.Fleet;
import io.egressgate.server.gateways.GatewayRow;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** The gateways page; recomputed on every (live) refresh. */
@Named
@RequestScoped
public class GatewaysView {

    @Inject
    Fleet fleet;

    private List<GatewayRow> rows;

    public List<GatewayRow> getRows() {
        if (rows == null) {
            rows = fleet.gateways();
        }
        return rows;
    }

    public long getConnected() {
        return getRows().stream().filter(GatewayRow::isConnected).count();
    }
}
