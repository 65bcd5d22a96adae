package io.egressgate.route.cli;

import io.egressgate.route.kernel.IpCommand;
import io.egressgate.route.kernel.KernelException;
import io.egressgate.route.kernel.KernelRoutes;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;

import java.util.function.Supplier;

/** Entry point of egress-gate-route.jar. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(IpCommand::ofThisHost, args));
    }

    /** Runs the command without exiting, for tests and for the benchmark. */
    public static int run(Supplier<KernelRoutes> kernel, String... args) {
        return commandLine(kernel).execute(args);
    }

    static CommandLine commandLine(Supplier<KernelRoutes> kernel) {
        CommandLine commandLine = new CommandLine(new RouteCommand(kernel));
        commandLine.setParameterExceptionHandler((problem, args) -> {
            CommandLine failed = problem.getCommandLine();
            failed.getErr().println("egress-gate-route: " + problem.getMessage());
            failed.getErr().println("Try 'egress-gate-route --help' for the flags.");
            return ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((problem, failed, parseResult) -> {
            if (problem instanceof KernelException) {
                failed.getErr().println("egress-gate-route: " + problem.getMessage());
                return ExitCode.FAILED;
            }
            throw problem;
        });
        return commandLine;
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"egress-gate-route " + (version == null ? "(development build)" : version)};
        }
    }
}
