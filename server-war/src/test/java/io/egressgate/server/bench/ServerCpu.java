package io.egressgate.server.bench;

import io.egressgate.server.it.RunningServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time the server process has used, so figures can be given per request or per add: on a
 * shared 2-core machine the wall-clock latency depends on the other work, CPU per operation much less.
 */
final class ServerCpu {

    /** /proc counts CPU in clock ticks of USER_HZ, which is 100 on Linux's common architectures. */
    private static final long MILLIS_PER_TICK = 10;

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

    /** The database server on this machine (MariaDB or MySQL), found by its program's name. */
    static ServerCpu ofDatabase() {
        return new ServerCpu(ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/mariadbd") || c.endsWith("/mysqld")).orElse(false))
                .findFirst());
    }

    /** Total CPU so far in milliseconds, or -1 when the process or its figures cannot be seen. */
    long millis() {
        return process.flatMap(p -> p.info().totalCpuDuration()).map(Duration::toMillis).orElse(-1L);
    }

    /**
     * CPU so far of the JVM's JIT compiler threads, in milliseconds, from /proc (Linux; -1 elsewhere):
     * a JVM that is still compiling its hot paths spends a share of its CPU on that, which a steady
     * server does not. A lower bound between two readings: the JVM stops compiler threads it no longer
     * needs, and their time goes with them.
     */
    long compilerMillis() {
        if (process.isEmpty()) {
            return -1;
        }
        Path tasks = Path.of("/proc", Long.toString(process.get().pid()), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.mapToLong(ServerCpu::compilerTicks).sum() * MILLIS_PER_TICK;
        } catch (IOException | UncheckedIOException gone) {
            return -1;
        }
    }

    private static long compilerTicks(Path thread) {
        try {
            if (!Files.readString(thread.resolve("comm")).contains("CompilerThre")) {
                return 0;
            }
            String stat = Files.readString(thread.resolve("stat"));
            // the fields after the command's closing parenthesis: state is the first, utime the 12th, stime the 13th
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
