package io.egressgate.route.routes;

/** A kernel routing table by number; routes go to {@code main} unless the operator picks another. */
public record RouteTable(long id) {

    public static final RouteTable MAIN = new RouteTable(254);
    private static final long LOCAL = 255;
    private static final long DEFAULT = 253;
    private static final long MAX = 0xFFFF_FFFFL;

    public RouteTable {
        if (id <= 0 || id > MAX) {
            throw new IllegalArgumentException("routing table " + id + " is not between 1 and " + MAX);
        }
        if (id == LOCAL) {
            throw new IllegalArgumentException(
                    "routing table 255 (local) holds this host's own addresses; choose main or another table");
        }
    }

    /** "main", "default" or a number. */
    public static RouteTable parse(String text) {
        String value = text == null ? "" : text.strip();
        switch (value) {
            case "main":
                return MAIN;
            case "default":
                return new RouteTable(DEFAULT);
            case "local":
                return new RouteTable(LOCAL);
            default:
                try {
                    return new RouteTable(Long.parseLong(value));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "routing table '" + value + "' is neither main, default nor a number");
                }
        }
    }

    @Override
    public String toString() {
        return id == MAIN.id ? "main" : Long.toString(id);
    }
}
