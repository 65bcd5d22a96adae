package io.egressgate.server.console;

import io.egressgate.server.entries.Entries;
import io.egressgate.server.entries.Entry;
import io.egressgate.server.entries.EntryFilter;
import io.egressgate.server.entries.EntryKind;
import io.egressgate.server.entries.EntryRules;
import io.egressgate.server.entries.EntrySearch;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
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
    io.egressgate.server.resolution.DomainResolver resolver;

    @Inject
    EntryRules rules;

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

    public void add() {
        access.requireAdmin();
        problems = List.of();
        if (pasted != null && pasted.length() > PastedValues.MAX_CHARACTERS) {
            texts.fieldError("addForm:values", "add.tooLong", PastedValues.MAX_CHARACTERS);
            return;
        }
        String cleanNote = note == null || note.isBlank() ? null : note.strip();
        if (cleanNote != null && cleanNote.length() > Entries.MAX_NOTE) {
            texts.fieldError("addForm:note", "add.noteTooLong", Entries.MAX_NOTE);
            return;
        }
        List<PastedValues.Line> lines = PastedValues.check(pasted, rules.policy());
        if (lines.isEmpty()) {
            texts.fieldError("addForm:values", "add.empty");
            return;
        }
        if (lines.size() > PastedValues.MAX_VALUES) {
            texts.fieldError("addForm:values", "add.tooMany", PastedValues.MAX_VALUES);
            return;
        }
        int created = 0;
        int existing = 0;
        List<Problem> refused = new ArrayList<>();
        for (PastedValues.Line line : lines) {
            if (!line.valid()) {
                refused.add(new Problem(line.number(), line.text(), refusals.inLanguage(line.problem())));
                continue;
            }
            try {
                Entries.Added added = entries.add(line.value().get(), lockNew, cleanNote, access.getUsername());
                if (added.created()) {
                    if (added.entry().kind() == io.egressgate.server.entries.EntryKind.DOMAIN) {
                        // at once, without holding up the page: a pasted list may hold many names
                        resolver.resolveSoon(added.entry().id());
                    }
                    created++;
                } else {
                    existing++;
                }
            } catch (RuntimeException e) {
                refused.add(new Problem(line.number(), line.text(), refusals.inLanguage(rootMessage(e))));
            }
        }
        problems = List.copyOf(refused);
        if (created + existing > 0) {
            texts.info("add.done", created, existing);
        }
        if (refused.isEmpty()) {
            pasted = null;
            note = null;
            lockNew = false;
            PrimeFaces.current().ajax().addCallbackParam("done", true);
        } else {
            // Only the refused values stay in the box, to be corrected and sent again.
            pasted = refused.stream().map(Problem::text).collect(Collectors.joining("\n"));
            texts.fieldError("addForm:values", "add.refused", refused.size());
        }
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

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof IllegalArgumentException) {
                break;
            }
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
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
