package io.egressgate.server.console;

import io.egressgate.server.entries.Entries;
import io.egressgate.server.entries.Entry;
import io.egressgate.server.entries.EntryFilter;
import io.egressgate.server.entries.EntryKind;
import io.egressgate.server.entries.EntrySearch;
import io.egressgate.server.entries.NewEntries;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.primefaces.PrimeFaces;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/** The entries page: a lazily loaded, sortable, filterable table, the add dialog, and deleting. */
@Named
@ViewScoped
public class EntriesView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    EntrySearch search;

    @Inject
    Entries entries;

    @Inject
    NewEntries newEntries;

    @Inject
    Access access;

    @Inject
    Texts texts;

    @Inject
    Refusals refusals;

    private String text;
    private String kind;
    private String state;
    private final Rows rows = new Rows();

    private String pasted;
    private boolean lockNew;
    private String note;
    private List<Problem> problems = List.of();

    /** A line of the add dialog that was not stored, and why. */
    public record Problem(int line, String text, String reason) {
        public int getLine() { return line; }
        public String getText() { return text; }
        public String getReason() { return reason; }
    }

    /** Stores every value of the paste, or none: a refused value is shown with its line and stays in the box. */
    public void add() {
        access.requireAdmin();
        problems = List.of();
        if (pasted != null && pasted.length() > PastedValues.MAX_CHARACTERS) {
            texts.fieldError("addForm:values", "add.tooLong", PastedValues.MAX_CHARACTERS);
            return;
        }
        String cleanNote;
        try {
            cleanNote = NewEntries.cleanNote(note);
        } catch (IllegalArgumentException e) {
            texts.fieldError("addForm:note", "add.noteTooLong", NewEntries.MAX_NOTE);
            return;
        }
        List<PastedValues.Line> lines = PastedValues.split(pasted);
        if (lines.isEmpty()) {
            texts.fieldError("addForm:values", "add.empty");
            return;
        }
        if (lines.size() > PastedValues.MAX_VALUES) {
            texts.fieldError("addForm:values", "add.tooMany", PastedValues.MAX_VALUES);
            return;
        }
        NewEntries.Outcome outcome = newEntries.add(lines.stream().map(PastedValues.Line::text).toList(), lockNew,
                cleanNote, access.getUsername());
        if (!outcome.stored()) {
            problems = outcome.refusals().stream()
                    .map(r -> new Problem(lines.get(r.index()).number(), r.value(), refusals.inLanguage(r.message())))
                    .toList();
            texts.fieldError("addForm:values", "add.refused", problems.size());
            return;
        }
        long created = outcome.created();
        texts.info("add.done", created, outcome.items().stream().map(NewEntries.Item::id).distinct().count() - created);
        pasted = null;
        note = null;
        lockNew = false;
        PrimeFaces.current().ajax().addCallbackParam("done", true);
    }

    /** A filter changed: back to the first page of the new result. */
    public void filtered() {
        PagedRows.firstPage(":entries:table");
    }

    public void openAdd() {
        pasted = null;
        note = null;
        lockNew = false;
        problems = List.of();
    }

    /** Deletes an unlocked entry; a locked one is refused here as well as by the service. */
    public void delete(long id) {
        access.requireAdmin();
        Optional<Entry> entry = entries.find(id);
        if (entry.isEmpty()) {
            texts.error("delete.gone");
            return;
        }
        if (entry.get().locked()) {
            texts.error("delete.locked", entry.get().value());
            return;
        }
        try {
            entries.delete(id, access.getUsername());
            texts.info("delete.done", entry.get().value());
        } catch (Entries.LockedException e) {
            texts.error("delete.locked", entry.get().value());
        }
    }

    public LazyDataModel<EntryRow> getRows() {
        return rows;
    }

    EntryFilter filter() {
        EntryKind chosenKind = kind == null || kind.isBlank() ? null : EntryKind.valueOf(kind);
        Boolean locked = "locked".equals(state) ? Boolean.TRUE : "unlocked".equals(state) ? Boolean.FALSE : null;
        return new EntryFilter(text, chosenKind, locked, "failing".equals(state));
    }

    private final class Rows extends PagedRows<EntryRow> {

        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) Math.min(Integer.MAX_VALUE, search.count(filter()));
        }

        @Override
        public List<EntryRow> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            SortMeta sort = sortBy.values().stream().filter(s -> s.getOrder() != SortOrder.UNSORTED).findFirst().orElse(null);
            List<Entry> page = search.page(filter(), sort == null ? null : sort.getField(),
                    sort != null && sort.getOrder() == SortOrder.ASCENDING, first, pageSize);
            Map<Long, Long> counts = search.addressCounts(page.stream().map(Entry::id).toList());
            return page.stream().map(e -> new EntryRow(e, counts.getOrDefault(e.id(), 0L))).toList();
        }

        @Override
        long idOf(EntryRow row) {
            return row.getId();
        }
    }

    public String getText() { return text; }
    public void setText(String text) { this.text = text; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public String getPasted() { return pasted; }
    public void setPasted(String pasted) { this.pasted = pasted; }
    public boolean isLockNew() { return lockNew; }
    public void setLockNew(boolean lockNew) { this.lockNew = lockNew; }
    public String getNote() { return note; }
    public void setNote(String note) { this.note = note; }
    public List<Problem> getProblems() { return problems; }
}
