package io.egressgate.gateway.dataplane;

import io.egressgate.addresses.Cidr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** A dataplane that remembers what it was told, for tests of the layers above the kernel. */
public final class RecordingDataplane implements Dataplane {

    public final List<String> calls = new ArrayList<>();
    public final SortedSet<Cidr> enforced = new TreeSet<>();
    public final Map<Cidr, Traffic> traffic = new HashMap<>();
    public RuntimeException failNext;

    @Override
    public synchronized void replaceAll(SortedSet<Cidr> allowed) {
        failIfAsked();
        calls.add("replaceAll " + allowed);
        enforced.clear();
        enforced.addAll(allowed);
    }

    @Override
    public synchronized void change(Set<Cidr> added, Set<Cidr> removed) {
        failIfAsked();
        calls.add("change +" + new TreeSet<>(added) + " -" + new TreeSet<>(removed));
        enforced.removeAll(removed);
        enforced.addAll(added);
    }

    @Override
    public synchronized Drift reconcile() {
        calls.add("reconcile");
        return Drift.none();
    }

    @Override
    public synchronized Map<Cidr, Traffic> traffic() {
        return Map.copyOf(traffic);
    }

    @Override
    public synchronized void uninstall() {
        calls.add("uninstall");
        enforced.clear();
    }

    private void failIfAsked() {
        if (failNext != null) {
            RuntimeException failure = failNext;
            failNext = null;
            throw failure;
        }
    }
}
