package io.egressgate.server.console;

import io.egressgate.server.audit.AuditEntry;
import io.egressgate.server.audit.AuditLog;
import io.egressgate.server.audit.AuditQuery;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/** The audit log page: who changed what and when, through the API or the console, filterable. */
@Named
@ViewScoped
public class AuditView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    AuditLog audit;

    private String text;
    private String action;
    private String via;
    private List<String> actions;
    private final Rows rows = new Rows();

    public List<String> getActions() {
        if (actions == null) {
            actions = audit.actions();
        }
        return actions;
    }

    /** A filter changed: back to the first page of the new result. */
    public void filtered() {
        PagedRows.firstPage(":audit:table");
    }

    AuditQuery query() {
        return new AuditQuery(text, action, via, null);
    }

    public LazyDataModel<AuditRow> getRows() {
        return rows;
    }

    private final class Rows extends PagedRows<AuditRow> {

        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) Math.min(Integer.MAX_VALUE, audit.count(query()));
        }

        @Override
        public List<AuditRow> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            boolean oldestFirst = sortBy.values().stream().anyMatch(s -> s.getOrder() == SortOrder.ASCENDING);
            List<AuditEntry> page = audit.search(query(), oldestFirst, first, pageSize);
            return page.stream().map(AuditRow::new).toList();
        }

        @Override
        long idOf(AuditRow row) {
            return row.getId();
        }
    }

    public String getText() { return text; }
    public void setText(String text) { this.text = text; }
    public String getAction() { return action; }
    public void setAction(String action) { this.action = action; }
    public String getVia() { return via; }
    public void setVia(String via) { this.via = via; }
}
