import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * Sends COUNT connection attempts (one SYN each) to HOST on ports FIRST_PORT .. FIRST_PORT + PORTS - 1
 * in turn, as fast as it can: each non-blocking connect sends its SYN at once and the socket is closed
 * right after, before any retransmission. Prints how many were sent. Run inside the client namespace:
 * `java DeniedFlood.java HOST FIRST_PORT PORTS COUNT`. The loop is bounded by COUNT.
 */
public class DeniedFlood {

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int firstPort = Integer.parseInt(args[1]);
        int ports = Integer.parseInt(args[2]);
        long count = Long.parseLong(args[3]);
        long sent = 0;
        long failed = 0;
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            try (SocketChannel channel = SocketChannel.open()) {
                channel.configureBlocking(false);
                channel.connect(new InetSocketAddress(host, firstPort + (int) (i % ports)));
                sent++;
            } catch (Exception e) {
                failed++;
            }
        }
        System.out.printf("sent=%d failed=%d seconds=%.2f%n", sent, failed, (System.nanoTime() - start) / 1e9);
    }
}
