/**
 * The real artifacts deployed in the box as processes — the server jar (H2 or MariaDB), gateway jars,
 * route managers, Prometheus — with the ways a test or an operator looks at them: the REST API, the
 * metrics endpoints, and requests from a client host.
 */
package io.egressgate.deployment;
