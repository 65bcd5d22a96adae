package io.egressgate.gateway.allowlist;

import io.egressgate.addresses.Cidr;
import io.egressgate.protocol.ServerPolicy;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Keeps the applied allowlist on disk so that a restarted gateway enforces it before it talks to the
 * server. The whole allowlist is written atomically (a temporary file in the same directory, fsync,
 * rename, fsync of the directory): a crash leaves the old state or the new one, never a torn file.
 * A delta is appended to a journal beside it and fsynced instead, so that its cost does not grow with
 * the allowlist; the journal is folded into the allowlist file every {@value #COMPACT_AFTER} deltas
 * and by every snapshot. A torn last journal line (a crash mid-append, hence never acknowledged) is
 * ignored; lines at or below the allowlist file's revision (a crash between rename and journal
 * removal) are skipped. The server's policy is kept in the allowlist file (field {@code serverPolicy},
 * absent when the server sent none), so that a restarted gateway screens with it before the server
 * speaks; a policy change is always written as a whole file, never journalled. So are the names the
 * DNS forwarder allows (field {@code names}), so that it keeps them across a restart without the server.
 */
public final class StateFile {

    static final int FORMAT = 1;
    static final int COMPACT_AFTER = 500;

    private final Path file;
    private final Path journal;
    private int journalled;

    public StateFile(Path directory) {
        this.file = directory.resolve("allowlist.json");
        this.journal = directory.resolve("allowlist.journal");
    }

    /**
     * Records a delta that turned the previous state into {@code next}: {@code added} and
     * {@code removed} went to the kernel, {@code skipped} were refused, {@code forgotten} are the
     * published texts removed (they no longer count as skipped).
     */
    public void saveDelta(AppliedAllowlist next, Collection<Cidr> added, Collection<Cidr> removed,
                          Map<String, String> skipped, Collection<String> forgotten) {
        if (journalled >= COMPACT_AFTER || !Files.exists(file)) {
            save(next);
            return;
        }
        JsonArrayBuilder add = Json.createArrayBuilder();
        added.forEach(c -> add.add(c.toString()));
        JsonArrayBuilder remove = Json.createArrayBuilder();
        removed.forEach(c -> remove.add(c.toString()));
        JsonObjectBuilder skip = Json.createObjectBuilder();
        skipped.forEach(skip::add);
        JsonArrayBuilder forget = Json.createArrayBuilder();
        forgotten.forEach(forget::add);
        String line = Json.createObjectBuilder().add("epoch", next.epoch()).add("revision", next.revision())
                .add("add", add).add("remove", remove).add("skip", skip).add("forget", forget).build() + "\n";
        try {
            boolean created = !Files.exists(journal);
            try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                channel.write(StandardCharsets.UTF_8.encode(line));
                channel.force(false);
            }
            if (created) {
                syncDirectory();
            }
            journalled++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + journal + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return file;
    }

    public void save(AppliedAllowlist state) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), ".allowlist-", ".tmp");
            try {
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    OutputStream out = Channels.newOutputStream(channel);
                    Json.createWriter(out).write(toJson(state));
                    out.flush();
                    channel.force(true);
                }
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
            Files.deleteIfExists(journal);
            journalled = 0;
            syncDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the state file " + file + ": " + e.getMessage(), e);
        }
    }

    private void syncDirectory() throws IOException {
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    /**
     * The saved state, or empty when there is none. A file that cannot be read is moved aside (so it can
     * be looked at) and reported as an exception: the caller then enforces an empty allowlist.
     */
    public Optional<AppliedAllowlist> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             JsonReader json = Json.createReader(reader)) {
            return Optional.of(replay(fromJson(json.readObject())));
        } catch (IOException | JsonParsingException | ClassCastException | NullPointerException
                 | IllegalArgumentException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailure) {
                e.addSuppressed(moveFailure);
            }
            throw new IllegalStateException("the state file " + file + " cannot be read (" + e.getMessage()
                    + "); moved to " + aside, e);
        }
    }

    private AppliedAllowlist replay(AppliedAllowlist base) throws IOException {
        if (!Files.exists(journal)) {
            return base;
        }
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        AppliedAllowlist state = base;
        for (int i = 0; i < lines.size(); i++) {
            JsonObject delta;
            try (JsonReader reader = Json.createReader(new StringReader(lines.get(i)))) {
                delta = reader.readObject();
            } catch (JsonParsingException e) {
                if (i == lines.size() - 1) {
                    break; // torn by a crash while appending: that delta was never acknowledged
                }
                throw e;
            }
            long revision = delta.getJsonNumber("revision").longValueExact();
            if (!delta.getString("epoch").equals(state.epoch()) || revision <= state.revision()) {
                continue;
            }
            SortedSet<Cidr> allowed = new TreeSet<>(state.allowed());
            delta.getJsonArray("remove").forEach(v -> allowed.remove(Cidr.parse(((JsonString) v).getString())));
            delta.getJsonArray("add").forEach(v -> allowed.add(Cidr.parse(((JsonString) v).getString())));
            Map<String, String> skipped = new TreeMap<>(state.skipped());
            delta.getJsonArray("forget").forEach(v -> skipped.remove(((JsonString) v).getString()));
            delta.getJsonObject("skip").forEach((cidr, reason) -> skipped.put(cidr, ((JsonString) reason).getString()));
            state = new AppliedAllowlist(state.epoch(), revision, allowed, skipped, state.serverPolicy(), state.names());
            journalled++;
        }
        return state;
    }

    static JsonObject toJson(AppliedAllowlist state) {
        JsonArrayBuilder cidrs = Json.createArrayBuilder();
        state.allowed().forEach(cidr -> cidrs.add(cidr.toString()));
        JsonArrayBuilder skipped = Json.createArrayBuilder();
        state.skipped().forEach((cidr, reason) -> skipped.add(Json.createObjectBuilder()
                .add("cidr", cidr).add("reason", reason)));
        JsonObjectBuilder object = Json.createObjectBuilder().add("format", FORMAT);
        if (state.isSynced()) {
            object.add("epoch", state.epoch()).add("revision", state.revision());
        } else {
            object.addNull("epoch").addNull("revision");
        }
        if (state.serverPolicy() != null) {
            JsonArrayBuilder ranges = Json.createArrayBuilder();
            state.serverPolicy().internalRanges().forEach(ranges::add);
            object.add("serverPolicy", Json.createObjectBuilder().add("internalRanges", ranges)
                    .add("cidrFloorV4", state.serverPolicy().cidrFloorV4())
                    .add("cidrFloorV6", state.serverPolicy().cidrFloorV6()));
        }
        if (!state.names().isEmpty()) {
            JsonArrayBuilder names = Json.createArrayBuilder();
            state.names().forEach(names::add);
            object.add("names", names);
        }
        return object.add("cidrs", cidrs).add("skipped", skipped).build();
    }

    private static ServerPolicy serverPolicyOf(JsonObject json) {
        if (!json.containsKey("serverPolicy") || json.isNull("serverPolicy")) {
            return null; // written before the server sent policies, or the server sent none
        }
        JsonObject policy = json.getJsonObject("serverPolicy");
        List<String> ranges = policy.getJsonArray("internalRanges").stream()
                .map(value -> ((JsonString) value).getString()).toList();
        return new ServerPolicy(ranges, policy.getInt("cidrFloorV4"), policy.getInt("cidrFloorV6"));
    }

    static AppliedAllowlist fromJson(JsonObject json) {
        if (json.getInt("format") != FORMAT) {
            throw new IllegalArgumentException("unknown format " + json.getInt("format"));
        }
        SortedSet<Cidr> allowed = new TreeSet<>();
        for (JsonValue value : json.getJsonArray("cidrs")) {
            allowed.add(Cidr.parse(((JsonString) value).getString()));
        }
        Map<String, String> skipped = new TreeMap<>();
        for (JsonValue value : json.getJsonArray("skipped")) {
            JsonObject entry = value.asJsonObject();
            skipped.put(entry.getString("cidr"), entry.getString("reason"));
        }
        boolean synced = !json.isNull("epoch");
        return new AppliedAllowlist(synced ? json.getString("epoch") : null,
                synced ? json.getJsonNumber("revision").longValueExact() : null, allowed, skipped, serverPolicyOf(json),
                namesOf(json));
    }

    /** Absent in files written before the server sent names, or when it sent none. */
    private static SortedSet<String> namesOf(JsonObject json) {
        SortedSet<String> names = new TreeSet<>();
        if (json.containsKey("names") && !json.isNull("names")) {
            json.getJsonArray("names").forEach(value -> names.add(((JsonString) value).getString()));
        }
        return names;
    }
}
