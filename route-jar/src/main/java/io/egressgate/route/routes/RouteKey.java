package io.egressgate.route.routes;

import io.egressgate.addresses.Cidr;

/**
 * What makes two routes in one table "the same route" to the kernel: {@code route replace} on an
 * equal key overwrites whatever is there, whoever put it there.
 */
public record RouteKey(Cidr destination, long metric) {
}
