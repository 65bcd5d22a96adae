package io.egressgate.server.resolution;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.addresses.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One lookup's outcome, ready to be recorded: the answer's addresses as CIDRs, with every address
 * the allowlist policy refuses (internal ranges) taken out. Such an address is never allowed,
 * whatever DNS says — a name pointing at 10.0.0.1 must not open the internal network.
 *
 * @param allowed          the answer's addresses that may be allowed, in answer order
 * @param skippedInternal  the answer's addresses that were refused
 * @param wasCapped        whether the name was over the cap before this answer (to record only the change)
 * @param newlyInternal    whether {@code skippedInternal} differs from the previous answer's (likewise)
 */
record Observation(long entryId, String domain, Lookup lookup, List<String> allowed, List<String> skippedInternal,
                   boolean wasCapped, boolean newlyInternal) {

    static Observation of(long entryId, String domain, Lookup lookup, AllowlistPolicy policy, boolean wasCapped,
                          List<String> previouslySkipped) {
        if (!(lookup instanceof Lookup.Answered answered)) {
            return new Observation(entryId, domain, lookup, List.of(), List.of(), wasCapped, false);
        }
        Set<String> allowed = new LinkedHashSet<>();
        Set<String> skipped = new LinkedHashSet<>();
        for (InetAddress address : answered.addresses()) {
            Cidr host = Cidr.host(address);
            if (policy.rejection(host).isPresent()) {
                skipped.add(host.addressText());
            } else {
                allowed.add(host.toString());
            }
        }
        List<String> skippedList = new ArrayList<>(skipped);
        boolean newlyInternal = !skippedList.isEmpty() && !skippedList.equals(previouslySkipped);
        return new Observation(entryId, domain, lookup, List.copyOf(allowed), List.copyOf(skippedList), wasCapped,
                newlyInternal);
    }

    static boolean isIpv6(String cidr) {
        return cidr.indexOf(':') >= 0;
    }
}
