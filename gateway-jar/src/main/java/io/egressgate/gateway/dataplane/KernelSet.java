package io.egressgate.gateway.dataplane;

import io.egressgate.addresses.Cidr;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One ipset as {@code ipset save} printed it: its header and its members with their counters. */
record KernelSet(String name, String header, Map<Cidr, Count> members, List<String> foreignLines) {

    /** Packets and bytes that matched one member. */
    record Count(long packets, long bytes) {
        static final Count ZERO = new Count(0, 0);
    }

    /** Whether the set is of the kind the rules rely on: {@code hash:net} of the right family, with counters. */
    /** A set for learned addresses: hash:net of the family, with per-entry timeouts. */
    boolean fitsLearned(Family family) {
        String[] words = header.split(" ");
        return words.length > 2 && words[2].equals("hash:net")
                && header.contains(" family " + family.ipsetFamily() + " ")
                && (" " + header + " ").contains(" timeout ");
    }

    boolean fits(Family family) {
        String[] words = header.split(" ");
        return words.length > 2 && words[2].equals("hash:net")
                && header.contains(" family " + family.ipsetFamily() + " ")
                && (" " + header + " ").contains(" counters ");
    }

    /** Parses the output of one or more {@code save NAME} commands; sets are keyed by name. */
    static Map<String, KernelSet> parseSave(String text) {
        Parser parser = new Parser();
        text.lines().forEach(parser);
        return parser.sets();
    }

    /** Takes {@code ipset save} output one line at a time. */
    static final class Parser implements java.util.function.Consumer<String> {
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, Map<Cidr, Count>> members = new HashMap<>();
        private final Map<String, List<String>> foreign = new HashMap<>();
        private final java.util.function.Function<String, java.util.function.BiConsumer<Cidr, Count>> sink;

        /** Keeps every set's members. */
        Parser() {
            this.sink = null;
        }

        /** Hands each member to the consumer given for its set instead of keeping it. */
        Parser(java.util.function.Function<String, java.util.function.BiConsumer<Cidr, Count>> sink) {
            this.sink = sink;
        }

        @Override
        public void accept(String line) {
            if (line.startsWith("create ")) {
                String name = word(line, 1);
                headers.put(name, line);
                members.put(name, new HashMap<>());
                foreign.put(name, new java.util.ArrayList<>());
            } else if (line.startsWith("add ")) {
                String name = word(line, 1);
                java.util.function.BiConsumer<Cidr, Count> entries = sink == null
                        ? members.computeIfAbsent(name, n -> new HashMap<>())::put : sink.apply(name);
                if (!parseMember(line, entries)) {
                    foreign.computeIfAbsent(name, n -> new java.util.ArrayList<>()).add(line);
                }
            }
        }

        Map<String, KernelSet> sets() {
            Map<String, KernelSet> sets = new LinkedHashMap<>();
            headers.forEach((name, header) -> sets.put(name,
                    new KernelSet(name, header, members.get(name), List.copyOf(foreign.get(name)))));
            return sets;
        }
    }

    /** Reads {@code add NAME ELEMENT [packets P bytes B]}; false for anything the gateway would not have written. */
    private static boolean parseMember(String line, java.util.function.BiConsumer<Cidr, Count> entries) {
        // by hand rather than split(): a scrape at 200,000 addresses parses 400,000 of these lines
        int nameEnd = line.indexOf(' ', 4);
        int elementEnd = nameEnd < 0 ? -1 : line.indexOf(' ', nameEnd + 1);
        if (nameEnd < 0) {
            return false;
        }
        String element = line.substring(nameEnd + 1, elementEnd < 0 ? line.length() : elementEnd);
        long packets = 0;
        long bytes = 0;
        if (elementEnd >= 0) {
            String rest = line.substring(elementEnd + 1);
            if (!rest.startsWith("packets ")) {
                return false; // nomatch, timeout, comment: not written by the gateway
            }
            int bytesAt = rest.indexOf(" bytes ");
            if (bytesAt < 0 || rest.indexOf(' ', bytesAt + 7) >= 0) {
                return false;
            }
            try {
                packets = Long.parseLong(rest.substring(8, bytesAt));
                bytes = Long.parseLong(rest.substring(bytesAt + 7));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        try {
            entries.accept(Cidr.parse(element), new Count(packets, bytes));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String word(String line, int index) {
        int start = 0;
        for (int i = 0; i < index; i++) {
            start = line.indexOf(' ', start) + 1;
            if (start == 0) {
                return "";
            }
        }
        int end = line.indexOf(' ', start);
        return end < 0 ? line.substring(start) : line.substring(start, end);
    }
}
