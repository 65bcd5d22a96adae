package io.egressgate.gateway.dns;

import io.egressgate.addresses.Cidr;
import java.time.Duration;
import java.util.Map;

/** Puts learned addresses into the kernel and returns only once they are there. */
public interface Hold {

    /**
     * @param lifetimes each address with how long it stays allowed from now
     * @throws RuntimeException when the kernel could not be programmed; the answer is then not released
     */
    void program(Map<Cidr, Duration> lifetimes);
}
