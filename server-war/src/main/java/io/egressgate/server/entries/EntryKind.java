package io.egressgate.server.entries;

public enum EntryKind {
    DOMAIN, IP, CIDR
}
