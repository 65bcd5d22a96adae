package io.egressgate.gateway.denials;

import io.egressgate.protocol.Denied;
import io.egressgate.protocol.DeniedRecord;
import io.egressgate.protocol.GatewayMessage;
import io.egressgate.protocol.MessageCodec;
import io.egressgate.protocol.ProtocolException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Finished records waiting for the server, in the state directory so that they survive the server's
 * absence and the gateway's restart: one file per frame of at most {@value Denied#MAX_RECORDS} records,
 * in the protocol's own JSON, each written whole under a temporary name and renamed. At most
 * {@code maxRecords} are kept; past that the oldest files go, and their attempts are counted as dropped.
 * Files being sent are never the ones removed. Also keeps the dropped count not yet reported.
 */
final class DenialSpool {

    private static final Logger LOG = Logger.getLogger(DenialSpool.class.getName());
    private static final String SUFFIX = ".json";

    /** One file: its records and the attempts they count. */
    private record Segment(Path file, int records, long attempts) {
    }

    /** Records taken for one frame; {@link #delivered} or {@link #returned} ends it. */
    record Batch(List<Path> files, List<DeniedRecord> records) {
    }

    private final Path directory;
    private final int maxRecords;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private final List<Path> inFlight = new ArrayList<>();
    private long nextNumber;
    private int records;

    DenialSpool(Path directory, int maxRecords) {
        this.directory = directory;
        this.maxRecords = maxRecords;
        try {
            Files.createDirectories(directory);
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                    load(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + directory + " for denied records: " + e.getMessage(), e);
        }
    }

    private void load(Path file) throws IOException {
        try {
            List<DeniedRecord> kept = read(file);
            segments.add(new Segment(file, kept.size(), attempts(kept)));
            records += kept.size();
            String name = file.getFileName().toString();
            nextNumber = Math.max(nextNumber, Long.parseLong(name.substring(0, name.length() - SUFFIX.length())) + 1);
        } catch (ProtocolException | NumberFormatException e) {
            LOG.warning(() -> "removing " + file + ", which is not a file of denied records: " + e.getMessage());
            Files.delete(file);
        }
    }

    /**
     * Writes the records as new files; returns the attempts that could not be kept: those of the oldest
     * files removed to make room, and those of records that could not be written (a full disk).
     */
    synchronized long append(List<DeniedRecord> finished) {
        long discarded = 0;
        for (int from = 0; from < finished.size(); from += Denied.MAX_RECORDS) {
            List<DeniedRecord> chunk = finished.subList(from, Math.min(finished.size(), from + Denied.MAX_RECORDS));
            Path file = directory.resolve(String.format("%019d", nextNumber++) + SUFFIX);
            try {
                write(file, MessageCodec.encode(new Denied(chunk, 0)));
            } catch (UncheckedIOException e) {
                LOG.warning(() -> e.getMessage() + "; " + chunk.size() + " records are counted as dropped");
                discarded += attempts(chunk);
                continue;
            }
            segments.add(new Segment(file, chunk.size(), attempts(chunk)));
            records += chunk.size();
        }
        var oldest = segments.iterator();
        while (records > maxRecords && oldest.hasNext()) {
            Segment segment = oldest.next();
            if (inFlight.contains(segment.file())) {
                continue;
            }
            oldest.remove();
            delete(segment.file());
            records -= segment.records();
            discarded += segment.attempts();
        }
        return discarded;
    }

    /** The oldest records up to one frame's worth, or null when none wait (or all are being sent). */
    synchronized Batch oldest() {
        List<Path> files = new ArrayList<>();
        List<DeniedRecord> taken = new ArrayList<>();
        for (Segment segment : segments) {
            if (inFlight.contains(segment.file())) {
                continue;
            }
            if (taken.size() + segment.records() > Denied.MAX_RECORDS) {
                break;
            }
            try {
                taken.addAll(read(segment.file()));
            } catch (IOException | ProtocolException e) {
                LOG.warning(() -> "cannot read " + segment.file() + " again: " + e.getMessage());
                break;
            }
            files.add(segment.file());
        }
        if (files.isEmpty()) {
            return null;
        }
        inFlight.addAll(files);
        return new Batch(List.copyOf(files), List.copyOf(taken));
    }

    /** The batch reached the server: its files go. */
    synchronized void delivered(Batch batch) {
        inFlight.removeAll(batch.files());
        segments.removeIf(segment -> {
            if (batch.files().contains(segment.file())) {
                delete(segment.file());
                records -= segment.records();
                return true;
            }
            return false;
        });
    }

    /** The batch could not be sent: its files stay for the next try. */
    synchronized void returned(Batch batch) {
        inFlight.removeAll(batch.files());
    }

    synchronized int records() {
        return records;
    }

    /** The dropped attempts not yet reported to a server, as saved; 0 when nothing was saved. */
    synchronized long unreportedDropped() {
        Path file = directory.resolve("dropped");
        try {
            return Files.exists(file) ? Math.max(0, Long.parseLong(Files.readString(file).strip())) : 0;
        } catch (IOException | NumberFormatException e) {
            LOG.warning(() -> "cannot read " + file + " (" + e.getMessage() + "); starting from 0 dropped");
            return 0;
        }
    }

    synchronized void saveUnreportedDropped(long dropped) {
        write(directory.resolve("dropped"), Long.toString(dropped));
    }

    private static List<DeniedRecord> read(Path file) throws IOException, ProtocolException {
        GatewayMessage message = MessageCodec.decode(Files.readString(file, StandardCharsets.UTF_8));
        if (!(message instanceof Denied denied)) {
            throw new ProtocolException("a " + message.type() + " message, not denied");
        }
        return denied.records();
    }

    private static long attempts(List<DeniedRecord> records) {
        return records.stream().mapToLong(DeniedRecord::count).sum();
    }

    private static void write(Path file, String text) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warning(() -> "cannot remove " + file + ": " + e.getMessage());
        }
    }
}
