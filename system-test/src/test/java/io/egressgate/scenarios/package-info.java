/**
 * The end-to-end scenarios of issue 6, run against the whole system in one box: on the embedded H2
 * ({@link io.egressgate.scenarios.SystemIT}) and once on MariaDB ({@link io.egressgate.scenarios.MariaDbSystemIT}).
 */
package io.egressgate.scenarios;
