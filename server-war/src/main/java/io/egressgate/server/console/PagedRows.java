package io.egressgate.server.console;

import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import java.util.List;
import org.primefaces.component.datatable.DataTable;
import org.primefaces.model.LazyDataModel;

/** A lazily loaded table whose rows are known by a numeric id; only the current page is held. */
abstract class PagedRows<T> extends LazyDataModel<T> {

    private static final long serialVersionUID = 1L;

    abstract long idOf(T row);

    @Override
    public String getRowKey(T row) {
        return Long.toString(idOf(row));
    }

    @Override
    public T getRowData(String rowKey) {
        List<T> current = getWrappedData();
        return current == null ? null
                : current.stream().filter(r -> getRowKey(r).equals(rowKey)).findFirst().orElse(null);
    }

    /** After a filter changed: show the first page of the new result. */
    static void firstPage(String tableClientId) {
        UIComponent table = FacesContext.getCurrentInstance().getViewRoot().findComponent(tableClientId);
        if (table instanceof DataTable dataTable) {
            dataTable.setFirst(0);
        }
    }
}
