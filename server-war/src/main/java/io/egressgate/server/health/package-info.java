/** Health and server-wide metrics: readiness that is UP only when the API can answer, and the fleet's gauges. */
package io.egressgate.server.health;
