package io.egressgate.server.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop load: each client is a thread with its own {@link HttpClient} (HTTP/1.1, so one
 * keep-alive connection per client) sending one request after the other until the time is up or
 * it has sent its share. Bounded both ways.
 */
final class ApiLoad {

    /** Makes a client's n-th request. */
    interface Requests {
        HttpRequest make(int client, int n);
    }

    /** Clients of one kind, e.g. 16 POSTing or 8 GETting. */
    record Kind(String name, int clients, int expectedStatus, Requests requests) {
    }

    static final class Outcome {
        final Latencies latencies = new Latencies();
        final List<String> locations = new ArrayList<>();
        int failures;
        String firstFailure;
    }

    record Result(Map<String, Outcome> byKind, double seconds) {
        double rate(String kind) {
            return byKind.get(kind).latencies.count() / seconds;
        }
    }

    private ApiLoad() {
    }

    static Result run(List<Kind> kinds, Duration duration, int maxRequestsPerClient) throws InterruptedException {
        Map<String, Outcome> byKind = new LinkedHashMap<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> crashed = new AtomicReference<>();
        int clientNumber = 0;
        for (Kind kind : kinds) {
            Outcome outcome = byKind.computeIfAbsent(kind.name(), k -> new Outcome());
            for (int i = 0; i < kind.clients(); i++) {
                int client = clientNumber++;
                Thread thread = new Thread(() -> {
                    try {
                        drive(kind, client, outcome, start, duration, maxRequestsPerClient);
                    } catch (Throwable e) {
                        crashed.compareAndSet(null, e);
                    }
                }, "bench-api-" + kind.name() + "-" + i);
                threads.add(thread);
                thread.start();
            }
        }
        long began = System.nanoTime();
        start.countDown();
        for (Thread thread : threads) {
            thread.join(duration.toMillis() + 120_000);
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        if (crashed.get() != null) {
            throw new IllegalStateException("a load client failed", crashed.get());
        }
        return new Result(byKind, seconds);
    }

    private static void drive(Kind kind, int client, Outcome outcome, CountDownLatch start, Duration duration,
                              int maxRequests) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Latencies mine = new Latencies();
        List<String> locations = new ArrayList<>();
        int failures = 0;
        String firstFailure = null;
        start.await();
        long deadline = System.nanoTime() + duration.toNanos();
        for (int n = 0; n < maxRequests && System.nanoTime() < deadline; n++) {
            HttpRequest request = kind.requests().make(client, n);
            long sent = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - sent;
            if (response.statusCode() == kind.expectedStatus()) {
                mine.add(took);
                response.headers().firstValue("Location").ifPresent(locations::add);
            } else {
                failures++;
                if (firstFailure == null) {
                    firstFailure = response.statusCode() + " " + response.body();
                }
            }
        }
        synchronized (outcome) {
            outcome.latencies.addAll(mine);
            outcome.locations.addAll(locations);
            outcome.failures += failures;
            if (outcome.firstFailure == null) {
                outcome.firstFailure = firstFailure;
            }
        }
    }
}
