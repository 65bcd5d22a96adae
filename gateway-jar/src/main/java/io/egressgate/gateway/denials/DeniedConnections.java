package io.egressgate.gateway.denials;

import io.egressgate.gateway.sync.DeniedReports;
import io.egressgate.protocol.Denied;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * From NFLOG lines to frames for the server, and honest about what is missing. Every attempt the
 * kernel counted ({@code kernelAttempts}, the counters before the rate limit) either ends up in a
 * record's count or in {@code dropped}: dropped is the kernel's count minus the attempts recorded,
 * taken from a counter reading at least {@code settle} old (so a packet already counted but whose
 * NFLOG line is still on its way is not taken for lost), never decreasing, plus what the spool threw
 * away. Once traffic stops, records and dropped add up to the kernel's count exactly.
 */
public final class DeniedConnections implements DeniedReports, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DeniedConnections.class.getName());
    /**
     * Bounds and timings: the table's and the spool's sizes, the window (a minute), how often windows are
     * closed, and how old a kernel reading must be before what it counted and no record holds is dropped
     * (NFLOG batches for up to a second in the kernel; three seconds later its lines have been read).
     */
    public record Settings(Path directory, int maxOpenRecords, int maxSpooledRecords, Duration window,
                           Duration flushEvery, Duration settle) {

        public static Settings defaults(Path stateDir) {
            return new Settings(stateDir.resolve("denied"), 10_000, 100_000, Duration.ofMinutes(1),
                    Duration.ofSeconds(5), Duration.ofSeconds(3));
        }
    }

    private record Reading(long atNanos, long total) {
    }

    private record Pending(Denied frame, DenialSpool.Batch batch) {
    }

    private final Settings settings;
    private final DenialTable table;
    private final DenialSpool spool;
    private final LongSupplier kernelAttempts;
    private final DenialMetrics metrics;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "denied-records");
        thread.setDaemon(true);
        return thread;
    });
    private final Deque<Reading> readings = new ArrayDeque<>();
    private final long carried;
    private long recordedAttempts;
    private long kernelTotal;
    private long lastCounter = -1;
    private long kernelDropped;
    private long spoolDiscarded;
    private long droppedReported;
    private Pending pending;

    public DeniedConnections(Settings settings, NameLookup names, LongSupplier kernelAttempts, DenialMetrics metrics) {
        this.settings = settings;
        this.table = new DenialTable(settings.maxOpenRecords(), Math.max(1, settings.window().toSeconds()), names);
        this.spool = new DenialSpool(settings.directory(), settings.maxSpooledRecords());
        this.kernelAttempts = kernelAttempts;
        this.metrics = metrics;
        this.carried = spool.unreportedDropped();
    }

    /** Takes the kernel's first count (what came before is not this process's business) and starts the timer. */
    public DeniedConnections start() {
        readKernel();
        timer.scheduleWithFixedDelay(this::readKernel, 1, 1, TimeUnit.SECONDS);
        long flush = settings.flushEvery().toMillis();
        timer.scheduleWithFixedDelay(() -> flush(false), flush, flush, TimeUnit.MILLISECONDS);
        return this;
    }

    /** One line from the NFLOG reader; lines that are not the gateway's records are ignored. */
    public void line(String line) {
        long now = System.currentTimeMillis() / 1000;
        Optional<DeniedAttempt> attempt = DeniedAttempt.fromUlogdJson(line, now);
        if (attempt.isEmpty()) {
            return;
        }
        if (table.add(attempt.get())) {
            synchronized (this) {
                recordedAttempts++;
            }
            metrics.recorded(attempt.get().wouldDeny());
        }
    }

    public void readerUp(boolean up) {
        metrics.readerUp(up);
    }

    void readKernel() {
        long counter;
        try {
            counter = kernelAttempts.getAsLong();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "cannot read the denied-connection counters", e);
            return;
        }
        synchronized (this) {
            if (lastCounter >= 0) {
                // a rewritten chain starts its counters again from 0
                kernelTotal += counter >= lastCounter ? counter - lastCounter : counter;
            }
            lastCounter = counter;
            long now = System.nanoTime();
            readings.addLast(new Reading(now, kernelTotal));
            Reading settled = null;
            while (!readings.isEmpty() && now - readings.peekFirst().atNanos() >= settings.settle().toNanos()) {
                settled = readings.pollFirst();
            }
            if (settled != null) {
                readings.addFirst(settled); // the newest settled reading stays for the next round
                long missing = settled.total() - recordedAttempts;
                if (missing > kernelDropped) {
                    metrics.dropped(missing - kernelDropped);
                    kernelDropped = missing;
                }
            }
        }
    }

    /** Moves finished windows (with {@code everything}, all) to the spool and saves the dropped count. */
    void flush(boolean everything) {
        try {
            var finished = table.take(System.currentTimeMillis() / 1000, everything);
            long discarded = finished.isEmpty() ? 0 : spool.append(finished);
            synchronized (this) {
                spoolDiscarded += discarded;
                metrics.dropped(discarded);
                spool.saveUnreportedDropped(unreportedDropped());
            }
            metrics.pending(table.size() + spool.records());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot keep denied-connection records in " + settings.directory(), e);
        }
    }

    private long unreportedDropped() {
        return carried + kernelDropped + spoolDiscarded - droppedReported;
    }

    @Override
    public synchronized Denied next() {
        if (pending != null) {
            return null;
        }
        DenialSpool.Batch batch = spool.oldest();
        long dropped = unreportedDropped();
        if (batch == null && dropped == 0) {
            return null;
        }
        Denied frame = new Denied(batch == null ? java.util.List.of() : batch.records(), dropped);
        pending = new Pending(frame, batch);
        return frame;
    }

    @Override
    public synchronized void delivered(Denied frame) {
        if (pending == null || pending.frame() != frame) {
            return;
        }
        if (pending.batch() != null) {
            spool.delivered(pending.batch());
        }
        droppedReported += frame.dropped();
        pending = null;
        spool.saveUnreportedDropped(unreportedDropped());
        metrics.pending(table.size() + spool.records());
    }

    @Override
    public synchronized void returned(Denied frame) {
        if (pending == null || pending.frame() != frame) {
            return;
        }
        if (pending.batch() != null) {
            spool.returned(pending.batch());
        }
        pending = null;
    }

    /** What this process counted so far: attempts recorded and dropped (for tests and the log). */
    public synchronized long[] totals() {
        return new long[] {recordedAttempts, carried + kernelDropped + spoolDiscarded};
    }

    /** Open records so far; never more than the table's bound. */
    public int openRecords() {
        return table.size();
    }

    /** Keeps this minute's records too, so that a restart loses none of them. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush(true);
    }
}
