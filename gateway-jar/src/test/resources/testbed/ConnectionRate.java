import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens as many short HTTP/1.0 connections as it can to HOST:PORT for at most SECONDS seconds and at
 * most MAX connections, with THREADS in parallel, then prints the rate. Run inside the client
 * namespace: `java ConnectionRate.java HOST PORT SECONDS MAX THREADS`. Every loop is bounded.
 */
public class ConnectionRate {

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        long max = Long.parseLong(args[3]);
        int threads = Integer.parseInt(args[4]);
        byte[] request = ("GET / HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        // warm up the JIT and the path (ARP, conntrack) before timing
        for (int i = 0; i < 200; i++) {
            once(host, port, request);
        }
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                while (System.nanoTime() < deadline && done.get() + failed.get() < max) {
                    if (once(host, port, request)) {
                        done.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("connections=%d failed=%d seconds=%.2f rate=%.0f%n", done.get(), failed.get(), elapsed,
                done.get() / elapsed);
    }

    private static boolean once(String host, int port, byte[] request) {
        try (Socket socket = new Socket()) {
            socket.setSoLinger(true, 0); // RST on close: no TIME_WAIT pile-up on the client
            socket.connect(new InetSocketAddress(host, port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[512];
            int total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
            }
            return total > 0;
        } catch (Exception e) {
            return false;
        }
    }
}
