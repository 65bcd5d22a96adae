/** Who changed what and when, through the API or the console; written in the same transaction as the change. */
package io.egressgate.server.audit;
