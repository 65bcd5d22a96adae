package io.egressgate.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The jar's process and its log, read as it comes. */
final class RunningGateway {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder seen = new StringBuilder();

    static String jar() {
        String jar = System.getProperty("gateway.jar");
        assertThat(jar).as("failsafe passes -Dgateway.jar").isNotNull();
        return jar;
    }

    RunningGateway(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    String awaitLine(String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.append(line).append('\n');
                if (line.contains(fragment)) {
                    return line;
                }
            }
        }
        throw new AssertionError("the gateway never logged '" + fragment + "'; it logged:\n" + seen);
    }

    Process process() {
        return process;
    }

    int metricsPort() {
        Matcher matcher = Pattern.compile("metrics on http://127.0.0.1:(\\d+)/metrics").matcher(seen);
        assertThat(matcher.find()).as("metrics line in\n" + seen).isTrue();
        return Integer.parseInt(matcher.group(1));
    }
}
