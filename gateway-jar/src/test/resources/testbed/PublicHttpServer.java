import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The "internet" of the gateway's integration tests and benchmark: run inside the public namespace
 * with `java PublicHttpServer.java PORT`. It listens on every address of that namespace (IPv4 and
 * IPv6) and answers "/" with the address the request came from, so a test can tell masqueraded from
 * untouched traffic, and "/stream" with a line every 100 ms for at most 60 s.
 */
public class PublicHttpServer {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        HttpServer server = HttpServer.create(new InetSocketAddress("::", port), 512);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", PublicHttpServer::hello);
        server.createContext("/stream", PublicHttpServer::stream);
        server.start();
        System.out.println("ready on " + port);
        System.out.flush();
    }

    private static void hello(HttpExchange exchange) throws IOException {
        byte[] body = ("hello " + exchange.getRemoteAddress().getAddress().getHostAddress() + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        exchange.getResponseHeaders().add("Connection", "close");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void stream(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 600; i++) {
                out.write(("line " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
