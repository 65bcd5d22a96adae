package io.egressgate.allowlist;

import io.egressgate.addresses.Cidr;
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
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Keeps the applied allowlist on disk so that a restarted gateway enforces it before it talks to the
 * server. Written atomically: a temporary file in the same directory, fsync, rename, fsync of the
 * directory; a crash leaves either the old state or the new one, never a torn file.
 */
public final class StateFile {

    static final int FORMAT = 1;

    private final Path file;

    public StateFile(Path directory) {
        this.file = directory.resolve("allowlist.json");
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
            try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the state file " + file + ": " + e.getMessage(), e);
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
            return Optional.of(fromJson(json.readObject()));
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
        return object.add("cidrs", cidrs).add("skipped", skipped).build();
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
                synced ? json.getJsonNumber("revision").longValueExact() : null, allowed, skipped);
    }
}
