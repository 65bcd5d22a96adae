/**
 * Benchmarks of the running server (issue 2): how fast a change reaches connected gateways, how
 * long a large snapshot takes, and how many API calls per second the server sustains. They start
 * the real jar like the integration tests do and print their figures; only the {@code bench}
 * Maven profile runs them ({@code mvn -o -q -pl server-war verify -Pbench}).
 */
package io.egressgate.server.bench;
