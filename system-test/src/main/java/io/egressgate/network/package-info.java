/**
 * The box's network: network namespaces (prefix {@code ege-}), the veth links between them, their
 * addresses (10.63.x.x inside, documentation ranges on the public side) and the commands run in them.
 * Nothing here reaches beyond loopback and the namespaces it creates.
 */
package io.egressgate.network;
