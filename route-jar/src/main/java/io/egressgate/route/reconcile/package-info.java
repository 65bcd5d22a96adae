/**
 * The reconciler, shaped like Calico Felix's dataplane: desired routes in memory, actual routes read
 * from the kernel, the difference applied in one batch, the result read back; and the loop that
 * repeats it so that removed or altered routes come back.
 */
package io.egressgate.route.reconcile;
