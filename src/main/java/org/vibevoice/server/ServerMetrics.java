package org.vibevoice.server;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * HTTP request counts by status, plus the service's queue and generation figures, in the Prometheus
 * text exposition format (version 0.0.4).
 */
final class ServerMetrics {
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * Counts every exchange by its final status (0 when the connection was dropped before any) and
     * the exchanges being served now, so a handler stuck on a vanished client shows as a leak.
     */
    Filter counter() {
        return new Filter() {
            @Override
            public void doFilter(HttpExchange ex, Chain chain) throws IOException {
                inFlight.incrementAndGet();
                try {
                    chain.doFilter(ex);
                } finally {
                    inFlight.decrementAndGet();
                    count(Math.max(0, ex.getResponseCode()));
                }
            }

            @Override
            public String description() {
                return "counts requests by status";
            }
        };
    }

    void count(int status) {
        byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    String render(SpeechService service) {
        StringBuilder b = new StringBuilder();
        header(b, "vibevoice_http_requests_total", "counter", "HTTP requests answered, by status code.");
        new TreeMap<>(byStatus).forEach((status, n) -> b.append("vibevoice_http_requests_total{status=\"")
                .append(status).append("\"} ").append(n.sum()).append('\n'));
        gauge(b, "vibevoice_http_requests_in_flight", "HTTP exchanges being served now (this one included).",
                inFlight.get());
        gauge(b, "vibevoice_queue_depth", "Requests waiting for a generation slot.", service.queueDepth());
        gauge(b, "vibevoice_queue_capacity", "Requests that may wait before new ones are refused with 429.",
                service.maxQueue());
        gauge(b, "vibevoice_active_generations", "Generations running now.", service.activeGenerations());
        gauge(b, "vibevoice_generation_slots", "Generations that can run at once.", service.slots());
        SpeechStats s = service.stats();
        header(b, "vibevoice_generations_total", "counter", "Generations that ended, by outcome.");
        b.append("vibevoice_generations_total{outcome=\"completed\"} ").append(s.completed()).append('\n');
        b.append("vibevoice_generations_total{outcome=\"cancelled\"} ").append(s.cancelled()).append('\n');
        b.append("vibevoice_generations_total{outcome=\"failed\"} ").append(s.failedCount()).append('\n');
        counter(b, "vibevoice_frames_generated_total", "Audio frames generated.", s.frames());
        counter(b, "vibevoice_audio_seconds_total", "Seconds of audio generated.", s.audioSeconds());
        counter(b, "vibevoice_generation_seconds_total", "Wall-clock seconds spent generating.", s.generationSeconds());
        gauge(b, "vibevoice_frames_per_second", "Frames per second of the last generation that made audio.",
                s.lastFramesPerSecond());
        gauge(b, "vibevoice_real_time_factor",
                "Compute seconds per audio second of the last generation that made audio (below 1 is faster than real time).",
                s.lastRealTimeFactor());
        return b.toString();
    }

    private static void header(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void gauge(StringBuilder b, String name, String help, double v) {
        header(b, name, "gauge", help);
        b.append(name).append(' ').append(format(v)).append('\n');
    }

    private static void counter(StringBuilder b, String name, String help, double v) {
        header(b, name, "counter", help);
        b.append(name).append(' ').append(format(v)).append('\n');
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6g", v);
    }
}
