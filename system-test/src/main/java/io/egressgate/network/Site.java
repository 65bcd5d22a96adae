package io.egressgate.network;

/**
 * One gateway with its client host. Site {@code n} uses three /24s: 10.63.(10n).0 between the root
 * namespace (where the server runs) and the gateway, 10.63.(10n+1).0 between the client and the gateway,
 * 10.63.(10n+2).0 between the gateway and the public side.
 */
public record Site(int number) {

    public Site {
        if (number < 1 || number > 9) {
            throw new IllegalArgumentException("site numbers run from 1 to 9, not " + number);
        }
    }

    public Namespace gateway() {
        return new Namespace(Topology.PREFIX + "gw" + number);
    }

    public Namespace client() {
        return new Namespace(Topology.PREFIX + "cl" + number);
    }

    /** The root namespace's end of the link to the gateway: the address the gateway reaches the server at. */
    public String serverSide() {
        return net(0) + ".1";
    }

    /** The gateway's address on its link to the server; Prometheus scrapes it there. */
    public String gatewayServerSide() {
        return net(0) + ".2";
    }

    /** The gateway as the client sees it: the route manager's {@code -iptables-gateway}. */
    public String gatewayClientSide() {
        return net(1) + ".1";
    }

    public String clientAddress() {
        return net(1) + ".2";
    }

    /** The source address public hosts see for masqueraded traffic. */
    public String gatewayPublicSide() {
        return net(2) + ".1";
    }

    String publicSideAddress() {
        return net(2) + ".2";
    }

    String clientNetwork() {
        return net(1) + ".0/24";
    }

    String link(String end) {
        return Topology.PREFIX + end + number;
    }

    String gatewayLink(String end) {
        return Topology.PREFIX + "g" + number + end;
    }

    private String net(int offset) {
        return "10.63." + (number * 10 + offset);
    }
}
