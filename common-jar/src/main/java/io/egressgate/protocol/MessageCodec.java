package io.egressgate.protocol;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns gateway messages into JSON text frames and back. Unknown extra fields are ignored so that
 * either side can grow the protocol without breaking the other.
 */
public final class MessageCodec {

    // Looking the provider up once: Json.createXxx would search for it on every call.
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonGeneratorFactory GENERATORS = JSON.createGeneratorFactory(Map.of());
    private static final JsonParserFactory PARSERS = JSON.createParserFactory(Map.of());

    private MessageCodec() {
    }

    public static String encode(GatewayMessage message) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = GENERATORS.createGenerator(text)) {
            json.writeStartObject().write("type", message.type());
            if (message instanceof Hello hello) {
                json.write("gatewayId", hello.gatewayId())
                        .write("hostname", hello.hostname())
                        .write("version", hello.version());
                writeNullable(json, "epoch", hello.epoch());
                if (hello.revision() == null) {
                    json.writeNull("revision");
                } else {
                    json.write("revision", hello.revision());
                }
                if (hello.mode() != null) {
                    json.write("mode", hello.mode());
                }
            } else if (message instanceof Snapshot snapshot) {
                json.write("epoch", snapshot.epoch()).write("revision", snapshot.revision());
                writeStrings(json, "cidrs", snapshot.cidrs());
                json.write("part", snapshot.part()).write("parts", snapshot.parts());
                writePolicy(json, snapshot.policy());
                writeOptionalStrings(json, "names", snapshot.names());
                writeOptionalStrings(json, "accepts", snapshot.accepts());
            } else if (message instanceof Delta delta) {
                json.write("epoch", delta.epoch())
                        .write("fromRevision", delta.fromRevision())
                        .write("toRevision", delta.toRevision());
                writeStrings(json, "add", delta.add());
                writeStrings(json, "remove", delta.remove());
                writePolicy(json, delta.policy());
                writeOptionalStrings(json, "addNames", delta.addNames());
                writeOptionalStrings(json, "removeNames", delta.removeNames());
                writeOptionalStrings(json, "accepts", delta.accepts());
            } else if (message instanceof Ack ack) {
                json.write("revision", ack.revision()).write("applied", ack.applied());
                json.writeStartArray("skipped");
                for (Skipped skipped : ack.skipped()) {
                    json.writeStartObject().write("cidr", skipped.cidr()).write("reason", skipped.reason()).writeEnd();
                }
                json.writeEnd().write("durationMs", ack.durationMs());
            } else if (message instanceof Stats stats) {
                json.writeStartArray("counters");
                for (Counter counter : stats.counters()) {
                    json.writeStartObject()
                            .write("cidr", counter.cidr())
                            .write("outBytes", counter.outBytes())
                            .write("outPackets", counter.outPackets())
                            .write("inBytes", counter.inBytes())
                            .write("inPackets", counter.inPackets())
                            .writeEnd();
                }
                json.writeEnd();
            } else if (message instanceof Learned learned) {
                json.writeStartArray("addresses");
                for (LearnedAddress address : learned.addresses()) {
                    json.writeStartObject()
                            .write("name", address.name())
                            .write("cidr", address.cidr())
                            .write("expiresInSeconds", address.expiresInSeconds())
                            .writeEnd();
                }
                json.writeEnd();
            } else if (message instanceof Denied denied) {
                json.writeStartArray("records");
                for (DeniedRecord record : denied.records()) {
                    json.writeStartObject()
                            .write("source", record.source())
                            .write("destination", record.destination())
                            .write("protocol", record.protocol())
                            .write("port", record.port());
                    writeNullable(json, "name", record.name());
                    json.write("firstSeen", record.firstSeen())
                            .write("lastSeen", record.lastSeen())
                            .write("count", record.count())
                            .write("wouldDeny", record.wouldDeny())
                            .writeEnd();
                }
                json.writeEnd().write("dropped", denied.dropped());
            }
            json.writeEnd();
        }
        return text.toString();
    }

    /**
     * @throws ProtocolException for text that is not a JSON object, an unknown or missing type, a
     *         missing field, a field of the wrong JSON type, or values no message can hold
     */
    public static GatewayMessage decode(String json) throws ProtocolException {
        Frame untyped = Frame.parse(PARSERS, json);
        String type = untyped.string("type");
        Frame frame = untyped.ofType(type);
        try {
            return switch (type) {
                case Hello.TYPE -> new Hello(frame.string("gatewayId"), frame.string("hostname"),
                        frame.string("version"), frame.optionalString("epoch"), frame.optionalNumber("revision"),
                        frame.optionalString("mode"));
                case Snapshot.TYPE -> new Snapshot(frame.string("epoch"), frame.number("revision"),
                        frame.strings("cidrs"), frame.smallNumber("part"), frame.smallNumber("parts"), policy(frame),
                        frame.optionalStrings("names"), frame.optionalStrings("accepts"));
                case Delta.TYPE -> new Delta(frame.string("epoch"), frame.number("fromRevision"),
                        frame.number("toRevision"), frame.strings("add"), frame.strings("remove"), policy(frame),
                        frame.optionalStrings("addNames"), frame.optionalStrings("removeNames"),
                        frame.optionalStrings("accepts"));
                case Ack.TYPE -> new Ack(frame.number("revision"), frame.smallNumber("applied"),
                        skipped(frame), frame.number("durationMs"));
                case Stats.TYPE -> new Stats(counters(frame));
                case Learned.TYPE -> new Learned(learnedAddresses(frame));
                case Denied.TYPE -> new Denied(deniedRecords(frame), frame.number("dropped"));
                default -> throw new ProtocolException("unknown message type '" + type
                        + "'; expected one of hello, snapshot, delta, ack, stats, learned, denied");
            };
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(frame.where() + ": " + e.getMessage(), e);
        }
    }

    /** Absent or null from servers that send no policy. */
    private static ServerPolicy policy(Frame message) throws ProtocolException {
        Frame policy = message.optionalObject("policy");
        if (policy == null) {
            return null;
        }
        if (policy.number("version") < 1) {
            throw new ProtocolException(policy.where() + ": version must be 1 or later");
        }
        return new ServerPolicy(policy.strings("internalRanges"), policy.smallNumber("cidrFloorV4"),
                policy.smallNumber("cidrFloorV6"));
    }

    private static void writePolicy(JsonGenerator json, ServerPolicy policy) {
        if (policy == null) {
            return;
        }
        json.writeStartObject("policy").write("version", ServerPolicy.VERSION);
        writeStrings(json, "internalRanges", policy.internalRanges());
        json.write("cidrFloorV4", policy.cidrFloorV4()).write("cidrFloorV6", policy.cidrFloorV6()).writeEnd();
    }

    private static List<Skipped> skipped(Frame ack) throws ProtocolException {
        List<Skipped> skipped = new ArrayList<>();
        for (Frame entry : ack.objects("skipped")) {
            skipped.add(new Skipped(entry.string("cidr"), entry.string("reason")));
        }
        return skipped;
    }

    private static List<Counter> counters(Frame stats) throws ProtocolException {
        List<Counter> counters = new ArrayList<>();
        for (Frame entry : stats.objects("counters")) {
            counters.add(new Counter(entry.string("cidr"), entry.number("outBytes"), entry.number("outPackets"),
                    entry.number("inBytes"), entry.number("inPackets")));
        }
        return counters;
    }

    /** Counted before the addresses are read, so the refusal names the limit rather than the first bad address. */
    private static List<LearnedAddress> learnedAddresses(Frame learned) throws ProtocolException {
        List<Frame> entries = learned.objects("addresses");
        if (entries.size() > Learned.MAX_ADDRESSES) {
            throw new ProtocolException(learned.where() + ": at most " + Learned.MAX_ADDRESSES
                    + " addresses per frame, was " + entries.size());
        }
        List<LearnedAddress> addresses = new ArrayList<>(entries.size());
        for (Frame entry : entries) {
            try {
                addresses.add(new LearnedAddress(entry.string("name"), entry.string("cidr"),
                        entry.number("expiresInSeconds")));
            } catch (IllegalArgumentException e) {
                throw new ProtocolException(entry.where() + ": " + e.getMessage(), e);
            }
        }
        return addresses;
    }

    /** Counted before the records are read, so the refusal names the limit rather than the first bad record. */
    private static List<DeniedRecord> deniedRecords(Frame denied) throws ProtocolException {
        List<Frame> entries = denied.objects("records");
        if (entries.size() > Denied.MAX_RECORDS) {
            throw new ProtocolException(denied.where() + ": at most " + Denied.MAX_RECORDS
                    + " records per frame, was " + entries.size());
        }
        List<DeniedRecord> records = new ArrayList<>(entries.size());
        for (Frame entry : entries) {
            try {
                records.add(new DeniedRecord(entry.string("source"), entry.string("destination"),
                        entry.string("protocol"), entry.smallNumber("port"), entry.optionalString("name"),
                        entry.number("firstSeen"), entry.number("lastSeen"), entry.number("count"),
                        entry.bool("wouldDeny")));
            } catch (IllegalArgumentException e) {
                throw new ProtocolException(entry.where() + ": " + e.getMessage(), e);
            }
        }
        return records;
    }

    private static void writeNullable(JsonGenerator json, String field, String value) {
        if (value == null) {
            json.writeNull(field);
        } else {
            json.write(field, value);
        }
    }

    /** Absent, not null, when there is nothing: a field of a later protocol version an older peer never sees. */
    private static void writeOptionalStrings(JsonGenerator json, String field, List<String> values) {
        if (values != null) {
            writeStrings(json, field, values);
        }
    }

    private static void writeStrings(JsonGenerator json, String field, List<String> values) {
        json.writeStartArray(field);
        values.forEach(json::write);
        json.writeEnd();
    }
}
