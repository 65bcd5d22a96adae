/**
 * Benchmarks of the running server (issue 2): how fast a change reaches connected gateways, how
 * long a large snapshot takes, and how many API calls per second the server sustains. They start
 * the real jar like the integration tests do (needs MariaDB at 127.0.0.1:3306, root, no password,
 * for the snapshot's MariaDB half) and print their figures, also appended to target/bench/figures.txt.
 * Only the {@code bench} profile runs them: {@code mvn -o -q -pl server-war verify -Pbench}
 * (about 10 minutes; one class: {@code -Dit.test=PropagationBenchmark}). Knobs, with defaults:
 * {@code bench.propagation.gateways=1,100,1000}, {@code bench.propagation.modes=silent,acking},
 * {@code bench.propagation.adds=100}, {@code bench.propagation.rowSeconds=150},
 * {@code bench.propagation.idleSeconds=20}, {@code bench.api.clients=16}, {@code bench.api.seconds=15},
 * {@code bench.snapshot.entries=100000}, {@code bench.snapshot.repeats=5},
 * {@code bench.snapshot.databases=h2,mariadb}, {@code bench.snapshot.fleet=20}.
 * The fleet at scale (issue 5, about 10 minutes, H2 only): {@code -Dit.test=FleetBenchmark}, knobs
 * {@code bench.fleet.gateways=1000}, {@code bench.fleet.entries=10000}, {@code bench.fleet.adds=100},
 * {@code bench.fleet.acks=coalesced} (or {@code every}, as gateways before issue 5 acked),
 * {@code bench.fleet.snapshotGateways=20}, {@code bench.fleet.snapshotEntries=100000}; any benchmark
 * measures another build's jar with {@code -Dit.server.jar=PATH} (a "before").
 * Bulk adds (issue 13's {@code POST /api/v1/entries/batch}): {@code -Dit.test=EntriesBatchBenchmark}, knobs
 * {@code bench.batch.values=10000}, {@code bench.batch.repeats=5}, {@code bench.batch.databases=h2,mariadb}.
 * A fleet over a grid of servers on MariaDB (issue 13): {@code -Dit.test=ClusterFleetBenchmark}, knobs
 * {@code bench.cluster.gateways=5000}, {@code bench.cluster.instances=3}, {@code bench.cluster.entries=10000},
 * {@code bench.cluster.adds=100}, {@code bench.cluster.acks=coalesced}.
 */
package io.egressgate.server.bench;
