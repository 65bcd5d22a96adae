package io.egressgate.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/** A stable id for {@code hello}: made once and kept in the state directory, so renaming the host keeps it. */
final class GatewayId {

    private GatewayId() {
    }

    static String loadOrCreate(Path stateDir) {
        Path file = stateDir.resolve("gateway-id");
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file).strip();
                if (!id.isEmpty()) {
                    return id;
                }
            }
            Files.createDirectories(stateDir);
            String id = UUID.randomUUID().toString();
            Path temporary = Files.createTempFile(stateDir, ".gateway-id-", ".tmp");
            Files.writeString(temporary, id + "\n");
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the gateway id in " + file + ": " + e.getMessage(), e);
        }
    }
}
