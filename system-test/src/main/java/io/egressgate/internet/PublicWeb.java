package io.egressgate.internet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * Every web host of the public side in one process: it listens on all addresses of its namespace, so
 * each documentation address on the namespace's loopback is a host of its own. {@code GET /} answers
 * {@code <address asked> saw <client address>} (the client address tells masqueraded traffic from
 * untouched); {@code POST /upload} swallows the body and answers {@code received <n>}.
 *
 * <p>Run inside the public namespace: {@code java -cp <classes> io.egressgate.internet.PublicWeb 80}.
 */
public final class PublicWeb {

    private PublicWeb() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 256);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", PublicWeb::hello);
        server.createContext("/upload", PublicWeb::upload);
        server.start();
        System.out.println("public web ready on port " + port);
        System.out.flush();
    }

    private static void hello(HttpExchange exchange) throws IOException {
        answer(exchange, exchange.getLocalAddress().getAddress().getHostAddress() + " saw "
                + exchange.getRemoteAddress().getAddress().getHostAddress());
    }

    private static void upload(HttpExchange exchange) throws IOException {
        long received = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream body = exchange.getRequestBody()) {
            int n;
            while ((n = body.read(buffer)) >= 0) {
                received += n;
            }
        }
        answer(exchange, "received " + received);
    }

    private static void answer(HttpExchange exchange, String text) throws IOException {
        byte[] body = (text + "\n").getBytes(StandardCharsets.US_ASCII);
        exchange.getResponseHeaders().add("Connection", "close");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
