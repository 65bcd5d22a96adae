package io.egressgate.server.security;

import java.security.Principal;

/** Who is calling: the token's name and role. The name is what the audit log and createdBy show. */
public record Caller(long tokenId, String name, Role role) implements Principal {

    @Override
    public String getName() {
        return name;
    }
}
