package io.egressgate.server.launcher.migration;

import java.io.PrintWriter;

/** One line per entry as it is imported, and the summary at the end. */
final class ImportReport {

    private final PrintWriter out;
    private int created;
    private int present;
    private int rejected;
    private int lockLost;

    ImportReport(PrintWriter out) {
        this.out = out;
    }

    void planned(ImportPlan.Entry entry) {
        line("would add", entry, describe(entry));
    }

    void outcome(ImportPlan.Entry entry, EntriesClient.Outcome outcome) {
        if (outcome instanceof EntriesClient.Created) {
            created++;
            line("created", entry, describe(entry));
        } else if (outcome instanceof EntriesClient.Present p) {
            present++;
            if (entry.locked() && !p.locked()) {
                lockLost++;
                line("present", entry, "already on the server, unlocked; outputGuard had it not deletable. An"
                        + " existing entry cannot be locked: delete it and run the import again to lock it");
            } else {
                line("present", entry, "already on the server" + (p.locked() ? ", locked" : ""));
            }
        } else if (outcome instanceof EntriesClient.Rejected r) {
            rejected++;
            line("rejected", entry, r.reason());
        }
    }

    private static String describe(ImportPlan.Entry entry) {
        StringBuilder text = new StringBuilder(entry.wildcard() ? "wildcard" : entry.domain() ? "domain" : "address");
        if (entry.locked()) {
            text.append(", locked");
        }
        if (!entry.resolvedAddresses().isEmpty()) {
            text.append("; outputGuard had resolved it to ").append(String.join(" ", entry.resolvedAddresses()));
        }
        return text.toString();
    }

    private void line(String what, ImportPlan.Entry entry, String detail) {
        out.printf("%-10s %-40s %s%n", what, entry.value(), detail);
        out.flush();
    }

    int rejected() {
        return rejected;
    }

    void summary(ImportPlan plan, boolean dryRun) {
        out.printf("summary: %d rows read; %d entries to import (%d domains, %d wildcards, %d addresses/CIDRs;"
                        + " %d locked); %d rows skipped%n", plan.rowsRead(), plan.entries().size(), plan.domains(),
                plan.wildcards(), plan.entries().size() - plan.domains() - plan.wildcards(), plan.locked(),
                plan.skipped().size());
        if (dryRun) {
            out.println("dry run: nothing was sent to a server");
        } else {
            out.printf("imported: %d created, %d already present (%d of them unlocked although outputGuard had them"
                    + " not deletable), %d rejected by the server, %d not attempted%n", created, present, lockLost,
                    rejected, plan.entries().size() - created - present - rejected);
        }
        out.flush();
    }
}
