package io.egressgate.deployment;

import io.egressgate.network.Shell;
import io.egressgate.network.Site;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Requests from a site's client host, made by the real {@code curl} inside the client namespace: what
 * a production host on the allowlist's other side experiences. Every request has a short time limit.
 */
public final class ClientProbe {

    /** Long enough for a request across three veths; a dropped SYN just waits this out. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofMillis(1000);
    private static final Duration QUICK_CONNECT_TIMEOUT = Duration.ofMillis(200);
    private static final ExecutorService PARALLEL = Executors.newFixedThreadPool(12, task -> {
        Thread thread = new Thread(task, "client-probe");
        thread.setDaemon(true);
        return thread;
    });

    private final Site site;

    public ClientProbe(Site site) {
        this.site = site;
    }

    /** The answer of {@code http://address/} ("<address> saw <source>"), or empty if it did not get through. */
    public Optional<String> get(String address) {
        return get(address, CONNECT_TIMEOUT);
    }

    public boolean reachable(String address) {
        return get(address).isPresent();
    }

    /** Which of these addresses the client reaches, asked all at once. */
    public Map<String, Boolean> reachability(Collection<String> addresses) {
        Map<String, CompletableFuture<Boolean>> asked = new LinkedHashMap<>();
        for (String address : addresses) {
            asked.put(address, CompletableFuture.supplyAsync(() -> reachable(address), PARALLEL));
        }
        Map<String, Boolean> result = new LinkedHashMap<>();
        asked.forEach((address, answer) -> result.put(address, answer.join()));
        return result;
    }

    /**
     * Asks again and again, each time with a fresh connection and a short connect timeout (so a SYN the
     * gateway dropped is not waited out by TCP's own one-second retransmission); how long until it worked.
     */
    public Optional<Duration> awaitReachable(String address, Duration timeout) {
        return Eventually.until(timeout, Duration.ofMillis(20), () -> get(address, QUICK_CONNECT_TIMEOUT).isPresent());
    }

    /**
     * Asks with quick probes until one fails, confirms with a patient one (a slow answer is not a block),
     * and returns when the failing probe started: the gateway dropped that SYN, so by then it blocked.
     */
    public Optional<Duration> awaitBlocked(String address, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long attempt = System.nanoTime();
            if (get(address, QUICK_CONNECT_TIMEOUT).isEmpty() && !reachable(address)) {
                return Optional.of(Duration.ofNanos(attempt - start));
            }
            Eventually.sleep(Duration.ofMillis(20));
        }
        return Optional.empty();
    }

    /** POSTs the file to {@code http://address/upload}; the answer ("received <n>"), or empty. */
    public Optional<String> upload(String address, Path file) {
        Shell.Result result = site.client().run(Duration.ofSeconds(30), "curl", "-s", "--connect-timeout",
                seconds(CONNECT_TIMEOUT), "-m", "20", "--data-binary", "@" + file, "-H", "Content-Type: application/octet-stream",
                "http://" + address + "/upload");
        return result.ok() ? Optional.of(result.out().strip()) : Optional.empty();
    }

    private Optional<String> get(String address, Duration connectTimeout) {
        Shell.Result result = site.client().run(Duration.ofSeconds(10), "curl", "-s", "--connect-timeout",
                seconds(connectTimeout), "-m", "3", "http://" + address + "/");
        return result.ok() ? Optional.of(result.out().strip()) : Optional.empty();
    }

    private static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.3f", duration.toMillis() / 1000.0);
    }

    public Site site() {
        return site;
    }
}
