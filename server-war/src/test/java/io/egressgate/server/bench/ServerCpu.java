package io.egressgate.server.bench;

import io.egressgate.server.it.RunningServer;
import java.time.Duration;
import java.util.Optional;

/**
 * CPU time the server process has used, so figures can be given per request or per add: on a
 * shared 2-core machine the wall-clock latency depends on the other work, CPU per operation much less.
 */
final class ServerCpu {

    private final Optional<ProcessHandle> process;

    private ServerCpu(Optional<ProcessHandle> process) {
        this.process = process;
    }

    /** The server's JVM, found by its data directory on the command line. */
    static ServerCpu of(RunningServer server) {
        String dataDir = server.dataDir().toString();
        return new ServerCpu(ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> String.join(" ", args).contains(dataDir)).orElse(false))
                .findFirst());
    }

    /** This JVM: the benchmark's gateways, whose CPU the server shares the machine's cores with. */
    static ServerCpu ofClients() {
        return new ServerCpu(Optional.of(ProcessHandle.current()));
    }

    /** Total CPU so far in milliseconds, or -1 when the process or its figures cannot be seen. */
    long millis() {
        return process.flatMap(p -> p.info().totalCpuDuration()).map(Duration::toMillis).orElse(-1L);
    }
}
