/**
 * The kernel's routing tables as iproute2 shows them: reading routes ({@code ip -json route show}),
 * applying one {@code ip -batch} per change set, and looking a destination up ({@code ip route get}).
 */
package io.egressgate.route.kernel;
