package io.egressgate.gateway.traffic;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;

/**
 * Serves {@code /metrics} in the Prometheus text format, streamed straight to the socket. The client
 * library's own HTTP server buffers the whole answer first, which at 200,000 allowed addresses (800,000
 * series, about 60 MB of text) needs more heap than the rest of the gateway together. Scrapes are
 * answered one at a time so that two scrapers never double the memory either.
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MetricsServer.class.getName());

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "metrics");
        thread.setDaemon(true);
        return thread;
    });

    public MetricsServer(String address, int port, PrometheusRegistry registry) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, port), 16);
        server.setExecutor(executor);
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                boolean gzip = accepts(exchange, "gzip");
                exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
                if (gzip) {
                    exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                }
                exchange.sendResponseHeaders(200, 0); // chunked: the length is not known before the end
                OutputStream body = exchange.getResponseBody();
                try (OutputStream out = gzip ? new GZIPOutputStream(body, 1 << 16) : body) {
                    writer.write(out, registry.scrape());
                }
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                LOG.log(Level.WARNING, "scrape failed", e);
            }
        });
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = "egress-gate gateway: metrics at /metrics\n".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/") ? 200 : 404, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    private static boolean accepts(HttpExchange exchange, String encoding) {
        List<String> values = exchange.getRequestHeaders().get("Accept-Encoding");
        return values != null && values.stream().anyMatch(v -> v.toLowerCase().contains(encoding));
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
