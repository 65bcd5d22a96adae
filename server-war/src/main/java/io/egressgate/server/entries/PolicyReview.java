package io.egressgate.server.entries;

import io.egressgate.server.startup.StartupFailure;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Reviews the stored entries against the configured policy once at start, before the API or any
 * gateway is served: a changed {@code internal_ranges} or floor takes effect on a restart.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@TransactionManagement(TransactionManagementType.BEAN)
public class PolicyReview {

    private static final Logger LOG = Logger.getLogger(PolicyReview.class.getName());

    @Inject
    Suspensions suspensions;

    @Inject
    EntryRules rules;

    @PostConstruct
    void review() {
        try {
            Suspensions.Outcome outcome = suspensions.review(rules.policy());
            LOG.info(() -> "policy review at start: " + outcome.suspended() + " entries suspended, "
                    + outcome.resumed() + " published again, " + outcome.domainAddressesRemoved()
                    + " resolved addresses taken out");
        } catch (RuntimeException e) {
            // publishing what the policy refuses is worse than not starting
            String reason = "cannot review the stored entries against the policy: " + e.getMessage();
            StartupFailure.report(reason);
            throw new IllegalStateException(reason, e);
        }
    }
}
