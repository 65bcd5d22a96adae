/** What went wrong, told from a failure's cause chain, for every module. */
package io.egressgate.failures;
