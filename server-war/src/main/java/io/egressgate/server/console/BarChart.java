package io.egressgate.server.console;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.spi.JsonProvider;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * A series of counts per period as the configuration of a Chart.js bar chart, which PrimeFaces'
 * {@code <p:chart value="...">} draws. Every period of the window gets a bar, empty ones too, so
 * that the time axis is even.
 */
final class BarChart {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final DateTimeFormatter HOURS = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DAYS = DateTimeFormatter.ofPattern("MM-dd").withZone(ZoneId.systemDefault());
    /** Never more bars than this, whatever the window. */
    static final int MAX_BARS = 200;

    private BarChart() {
    }

    /**
     * @param counts what to draw, by the start of each period (epoch milliseconds)
     * @param from   the start of the first period
     * @param period the length of one period in milliseconds
     * @param until  the end of the window
     * @param label  what a bar counts, for the tooltip
     */
    static String of(Map<Long, Long> counts, long from, long period, long until, String label, String colour) {
        JsonArrayBuilder labels = JSON.createArrayBuilder();
        JsonArrayBuilder values = JSON.createArrayBuilder();
        DateTimeFormatter format = period >= 86_400_000L ? DAYS : HOURS;
        long start = from - Math.floorMod(from, period);
        for (long at = start, bars = 0; at <= until && bars < MAX_BARS; at += period, bars++) {
            labels.add(format.format(Instant.ofEpochMilli(at)));
            values.add(counts.getOrDefault(at, 0L));
        }
        return JSON.createObjectBuilder()
                .add("type", "bar")
                .add("data", JSON.createObjectBuilder()
                        .add("labels", labels)
                        .add("datasets", JSON.createArrayBuilder().add(JSON.createObjectBuilder()
                                .add("label", label).add("data", values).add("backgroundColor", colour))))
                .add("options", JSON.createObjectBuilder()
                        .add("animation", false)
                        .add("maintainAspectRatio", false)
                        .add("plugins", JSON.createObjectBuilder().add("legend", JSON.createObjectBuilder().add("display", false)))
                        .add("scales", JSON.createObjectBuilder().add("y", JSON.createObjectBuilder()
                                .add("beginAtZero", true).add("ticks", JSON.createObjectBuilder().add("precision", 0)))))
                .build().toString();
    }
}
