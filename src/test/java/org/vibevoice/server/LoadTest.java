package org.vibevoice.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fifty concurrent clients against the loopback server with the tiny model, one generation slot and
 * a queue of {@link #MAX_QUEUE}, for a bounded time: whole and streamed requests, slow readers and
 * clients that vanish mid-stream. Every answered request must be 200 or 429, every 200 a whole
 * response (but for the clients that left), {@code /health} must answer throughout, and afterwards
 * the queue drains, no generation or HTTP exchange is left running, the worker is idle and the heap
 * is back near where it started.
 */
class LoadTest {
    static final int CLIENTS = 50;
    static final int MAX_QUEUE = 4;
    /** Storm length; -Dvibevoice.loadSeconds=N for a longer run by hand. */
    static final Duration STORM = Duration.ofSeconds(Long.getLong("vibevoice.loadSeconds", 20));
    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);
    static final int FRAME_BYTES = 3200 * 2;
    static final long HEAP_GROWTH_BOUND = 64L << 20;
    /** The tally's status of a client that left before any answer. */
    static final int LEFT = 0;

    /** What one client does in a loop. */
    enum Kind {
        WHOLE_WAV, STREAM_PCM, STREAM_WAV, SLOW_READER, DISCONNECT
    }

    @TempDir
    Path tmp;

    private final Map<String, LongAdder> tally = new ConcurrentHashMap<>();
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

    @Test
    void fiftyClientsGetOnly200Or429AndTheServerRecovers() throws Exception {
        long t0 = System.nanoTime();
        long closing;
        try (TestServer ts = new TestServer(tmp, MAX_QUEUE);
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10)).build()) {
            assertThat(status(http, ts, Kind.WHOLE_WAV, 0)).as("warm-up").isEqualTo(200);
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long heapBefore = heapAfterGc(memory);
            AtomicLong peakHeap = new AtomicLong();
            AtomicLong healthChecks = new AtomicLong();
            AtomicLong slowestHealthMillis = new AtomicLong();
            System.out.printf("load: server up and warm after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            long end = System.nanoTime() + STORM.toNanos();
            List<Future<?>> clients = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < CLIENTS; c++) {
                    Kind kind = Kind.values()[c % Kind.values().length];
                    clients.add(pool.submit(() -> client(http, ts, kind, end)));
                }
                Future<?> health = pool.submit(() -> pollHealth(http, ts, clients, healthChecks, slowestHealthMillis,
                        peakHeap, memory));
                for (Future<?> f : clients) {
                    f.get(STORM.toSeconds() + 120, TimeUnit.SECONDS);
                }
                health.get(30, TimeUnit.SECONDS);
            }
            long tailMillis = (System.nanoTime() - end) / 1_000_000;
            long drainStart = System.nanoTime();
            awaitIdle(http, ts);
            long drainMillis = (System.nanoTime() - drainStart) / 1_000_000;
            long heapAfter = heapAfterGc(memory);

            Map<String, Long> counts = new TreeMap<>();
            tally.forEach((k, v) -> counts.put(k, v.sum()));
            SpeechStats gen = ts.service.stats();
            System.out.printf("load: %d clients for %d s: %s; last answers %d ms after the storm; generations "
                    + "%d completed, %d cancelled, %d failed, %.1f s generating; %d health checks, slowest %d ms; "
                    + "drained in %d ms; heap after GC %.1f MB before, %.1f MB after, peak used %.1f MB; server "
                    + "statuses %s%n", CLIENTS, STORM.toSeconds(), counts, tailMillis, gen.completed(), gen.cancelled(),
                    gen.failedCount(), gen.generationSeconds(), healthChecks.get(), slowestHealthMillis.get(),
                    drainMillis, heapBefore / 1e6, heapAfter / 1e6, peakHeap.get() / 1e6, serverStatuses(http, ts));
            assertThat(gen.failedCount()).as("failed generations").isZero();
            assertThat(failures).as("client failures").isEmpty();
            for (Kind k : Kind.values()) {
                assertThat(counts).as("some %s requests were served", k).containsKey(k + " 200");
            }
            assertThat(counts.keySet()).allSatisfy(k -> assertThat(k).matches("[A-Z_]+ (200|429)|DISCONNECT " + LEFT));
            assertThat(counts.entrySet().stream().filter(e -> e.getKey().endsWith("429")).mapToLong(Map.Entry::getValue)
                    .sum()).as("the storm overflowed the queue").isPositive();
            assertThat(healthChecks.get()).isGreaterThan(STORM.toSeconds());
            assertThat(serverStatuses(http, ts).keySet()).as("statuses the server counted")
                    .allSatisfy(s -> assertThat(s).isIn(0, 200, 429));
            assertThat(heapAfter - heapBefore).as("heap growth after GC").isLessThan(HEAP_GROWTH_BOUND);
            assertThat(ts.probe.expired()).isFalse();
            closing = System.nanoTime();
        }
        System.out.printf("load: test %d ms, of which closing the server and client %d ms%n",
                (System.nanoTime() - t0) / 1_000_000, (System.nanoTime() - closing) / 1_000_000);
    }

    private void client(HttpClient http, TestServer ts, Kind kind, long end) {
        int n = 0;
        while (System.nanoTime() < end) {
            try {
                int status = status(http, ts, kind, n++);
                tally.computeIfAbsent(kind + " " + status, k -> new LongAdder()).increment();
                if (status == 429) {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(20, 100));
                }
            } catch (Exception | AssertionError e) {
                failures.add(kind + ": " + e);
                return;
            }
        }
    }

    /** One request of the given kind; its status, after checking the body that came with a 200. */
    private static int status(HttpClient http, TestServer ts, Kind kind, int n) throws Exception {
        String input = "Speaker 1: Load test request " + n + ".";
        return switch (kind) {
            case WHOLE_WAV -> {
                HttpResponse<byte[]> r = http.send(request(ts, input, ""), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() == 200) {
                    assertThat(Wav.parse(r.body()).data().length % FRAME_BYTES).isZero();
                }
                yield r.statusCode();
            }
            case STREAM_PCM, STREAM_WAV, SLOW_READER -> {
                String format = kind == Kind.STREAM_WAV ? "wav" : "pcm";
                HttpResponse<InputStream> r = http.send(request(ts, input, ",\"stream\":true,\"response_format\":\""
                        + format + "\""), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = r.body()) {
                    long bytes = kind == Kind.SLOW_READER ? readSlowly(in) : in.readAllBytes().length;
                    if (r.statusCode() == 200) {
                        assertThat((bytes - (kind == Kind.STREAM_WAV ? 44 : 0)) % FRAME_BYTES).as("whole frames")
                                .isZero();
                    }
                }
                yield r.statusCode();
            }
            case DISCONNECT -> disconnectMidStream(ts, input, n);
        };
    }

    private static HttpRequest request(TestServer ts, String input, String extra) {
        String json = "{\"model\":\"tts-1\",\"voice\":\"Carter\",\"input\":\"" + input + "\"" + extra + "}";
        return HttpRequest.newBuilder(ts.uri(OpenAiSpeechEndpoint.PATH)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /** 2 KiB every 20 ms: far slower than the tiny model makes audio. */
    private static long readSlowly(InputStream in) throws IOException, InterruptedException {
        byte[] buf = new byte[2048];
        long total = 0;
        for (int r; (r = in.readNBytes(buf, 0, buf.length)) > 0;) {
            total += r;
            Thread.sleep(20);
        }
        return total;
    }

    /**
     * A raw request that resets the connection: a stream right after the response head (while
     * queued), a stream after the first audio bytes, or a whole-WAV request right after sending it
     * (before any answer: {@link #LEFT}), in turn.
     */
    private static int disconnectMidStream(TestServer ts, String input, int n) throws IOException {
        boolean whole = n % 3 == 2;
        byte[] body = ("{\"voice\":\"Carter\",\"input\":\"" + input + "\",\"stream\":" + !whole
                + ",\"response_format\":\"pcm\"}").getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket("127.0.0.1", ts.server.port())) {
            s.setSoTimeout(120_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + OpenAiSpeechEndpoint.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            if (whole) {
                s.setSoLinger(true, 0);
                return LEFT;
            }
            InputStream in = s.getInputStream();
            String head = SpeechApiTest.responseHead(in);
            int status = Integer.parseInt(head.substring(9, 12));
            if (status == 200 && n % 3 == 1) {
                in.readNBytes(64);
            }
            s.setSoLinger(true, 0);
            return status;
        }
    }

    /** GET /health every 100 ms with a short timeout until the clients are done; samples the heap too. */
    private void pollHealth(HttpClient http, TestServer ts, List<Future<?>> clients, AtomicLong checks,
            AtomicLong slowest, AtomicLong peakHeap, MemoryMXBean memory) {
        HttpRequest req = HttpRequest.newBuilder(ts.uri("/health")).timeout(HEALTH_TIMEOUT).GET().build();
        while (clients.stream().anyMatch(f -> !f.isDone())) {
            long t0 = System.nanoTime();
            try {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200 || !r.body().contains("\"status\":\"ok\"")) {
                    failures.add("/health answered " + r.statusCode() + ": " + r.body());
                }
                checks.incrementAndGet();
                slowest.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                Thread.sleep(100);
            } catch (Exception e) {
                failures.add("/health: " + e);
                return;
            }
        }
    }

    /**
     * Waits (at most a minute) until nothing is queued or generating, the only HTTP exchange in
     * flight is the metrics request itself and the speech worker waits for work.
     */
    private static void awaitIdle(HttpClient http, TestServer ts) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            boolean idle = ts.service.queueDepth() == 0 && ts.service.activeGenerations() == 0
                    && metric(http, ts, "vibevoice_http_requests_in_flight") == 1 && workersIdle(ts);
            if (idle) {
                return;
            }
            assertThat(System.nanoTime()).as("queue %d, active %d, in flight %d, workers idle %s",
                    ts.service.queueDepth(), ts.service.activeGenerations(),
                    metric(http, ts, "vibevoice_http_requests_in_flight"), workersIdle(ts)).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Exactly one speech worker per slot, each parked waiting for the next job. */
    private static boolean workersIdle(TestServer ts) {
        List<Thread> workers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("vibevoice-speech-")).toList();
        return workers.size() == ts.service.slots()
                && workers.stream().allMatch(t -> t.getState() == Thread.State.WAITING);
    }

    private static long metric(HttpClient http, TestServer ts, String name) throws Exception {
        for (String line : metrics(http, ts).split("\n")) {
            if (line.startsWith(name + " ")) {
                return Long.parseLong(line.substring(name.length() + 1).strip());
            }
        }
        throw new AssertionError("no metric " + name);
    }

    /** Requests the server answered, by status, from /metrics. */
    private static Map<Integer, Long> serverStatuses(HttpClient http, TestServer ts) throws Exception {
        Map<Integer, Long> m = new TreeMap<>();
        String prefix = "vibevoice_http_requests_total{status=\"";
        for (String line : metrics(http, ts).split("\n")) {
            if (line.startsWith(prefix)) {
                int q = line.indexOf('"', prefix.length());
                m.put(Integer.parseInt(line.substring(prefix.length(), q)), Long.parseLong(line.substring(q + 3).strip()));
            }
        }
        return m;
    }

    private static String metrics(HttpClient http, TestServer ts) throws Exception {
        return http.send(HttpRequest.newBuilder(ts.uri("/metrics")).timeout(HEALTH_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long heapAfterGc(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
