package io.egressgate.server.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A file holding a secret, for its owner only. */
final class PrivateFile {

    private PrivateFile() {
    }

    /** Created 0600 in one step: never a moment where the secret is in a file others may read. */
    static void write(Path file, String content) throws IOException {
        Files.deleteIfExists(file); // left from an earlier run: its mode is not ours to trust
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
    }
}
