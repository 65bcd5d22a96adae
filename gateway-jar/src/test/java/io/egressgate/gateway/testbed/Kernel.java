package io.egressgate.gateway.testbed;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs commands for the test bed and checks that the tools it needs are there. */
public final class Kernel {

    private Kernel() {
    }

    /**
     * Skips the calling test with a clear message when a tool is missing or we are not root, unless CI=true:
     * there the same condition fails the build, so a missing install step never hides as a skip.
     */
    public static void requireTools(String... tools) {
        List<String> missing = new ArrayList<>();
        for (String tool : tools) {
            if (run("sh", "-c", "command -v " + tool).exitCode() != 0) {
                missing.add(tool);
            }
        }
        boolean root = run("id", "-u").out().strip().equals("0");
        String problem = !missing.isEmpty() ? "missing tools " + missing + " (apt-get install iptables ipset iproute2 conntrack curl)"
                : !root ? "needs root for network namespaces" : null;
        if (problem == null) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("gateway integration tests: " + problem);
        }
        Assumptions.abort("gateway integration tests skipped: " + problem);
    }

    public static Result run(String... command) {
        return run(List.of(command));
    }

    public static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(124, new String(out, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(127, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, "interrupted");
        }
    }

    public static String must(String... command) {
        Result result = run(command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + result.exitCode() + "): " + result.out());
        }
        return result.out();
    }

    public record Result(int exitCode, String out) {
    }
}
