package org.vibevoice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API through a real client against the server on a loopback port, with the tiny model.
 * One generation slot and a queue of one, so the third concurrent request must get 429.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpeechApiTest {
    static final String TWO_SPEAKERS = "Speaker 1: Hello there.\nSpeaker 2: Nice to meet you.";
    static final int FRAME_SAMPLES = 3200;

    @TempDir
    static Path tmp;
    TestServer ts;
    HttpClient http;

    @BeforeAll
    void start() throws IOException {
        ts = new TestServer(tmp, 1);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void everyHoldWasReleased() {
        assertThat(ts.probe.expired()).as("a hold expired instead of being released").isFalse();
    }

    @AfterAll
    void stop() {
        ts.close();
    }

    static String speech(String input, String voice, String extra) throws IOException {
        String body = JSON.std.asString(Map.of("model", "tts-1", "input", input, "voice", voice));
        return extra.isEmpty() ? body : body.substring(0, body.length() - 1) + "," + extra + "}";
    }

    HttpResponse<byte[]> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(ts.uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(ts.uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<InputStream> postStreaming(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(ts.uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    static Map<String, Object> json(HttpResponse<byte[]> r) throws IOException {
        return JSON.std.mapFrom(r.body());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> error(HttpResponse<byte[]> r, int status) throws IOException {
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        Map<String, Object> e = (Map<String, Object>) json(r).get("error");
        assertThat(e).isNotNull();
        assertThat((String) e.get("message")).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        return e;
    }

    @Test
    void aWholeWavHoldsEveryFrameOfItsGeneration() throws Exception {
        long frames = metric("vibevoice_frames_generated_total");
        HttpResponse<byte[]> r = post("/v1/audio/speech", speech(TWO_SPEAKERS, "Carter, Frank", "\"seed\":7"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("audio/wav");
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(r.body().length);
        Wav wav = Wav.parse(r.body());
        assertThat(wav.sampleRate()).isEqualTo(24000);
        assertThat(wav.channels()).isEqualTo(1);
        assertThat(wav.bits()).isEqualTo(16);
        assertThat(wav.dataSize()).isEqualTo(wav.data().length);
        assertThat(wav.riffSize()).isEqualTo(36 + wav.data().length);
        assertThat(wav.samples()).isPositive();
        assertThat(wav.samples() % FRAME_SAMPLES).isZero();
        assertThat(wav.samples()).isEqualTo((metric("vibevoice_frames_generated_total") - frames) * FRAME_SAMPLES);
        assertThat(wav.data()).isEqualTo(ts.probe.lastAudio());
    }

    @Test
    void streamedPcmAndWavCarryEveryFrame() throws Exception {
        String base = speech("Plain text is read by the first speaker.", "Maya", "\"seed\":3");
        HttpResponse<byte[]> whole = post("/v1/audio/speech", base.replace("}", ",\"response_format\":\"pcm\"}"));
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("audio/pcm");
        assertThat(whole.body().length).isPositive();
        assertThat(whole.body().length % (2 * FRAME_SAMPLES)).isZero();
        assertThat(whole.body()).isEqualTo(ts.probe.lastAudio());

        long frames = metric("vibevoice_frames_generated_total");
        HttpResponse<byte[]> streamedPcm = post("/v1/audio/speech",
                base.replace("}", ",\"response_format\":\"pcm\",\"stream\":true}"));
        assertThat(streamedPcm.statusCode()).isEqualTo(200);
        assertThat(streamedPcm.headers().firstValue("Content-Length")).isEmpty();
        assertThat(streamedPcm.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        assertThat(streamedPcm.body()).isEqualTo(ts.probe.lastAudio());
        assertThat(streamedPcm.body().length)
                .isEqualTo((metric("vibevoice_frames_generated_total") - frames) * 2 * FRAME_SAMPLES);

        HttpResponse<byte[]> streamedWav = post("/v1/audio/speech", base.replace("}", ",\"stream\":true}"));
        assertThat(streamedWav.statusCode()).isEqualTo(200);
        Wav wav = Wav.parse(streamedWav.body());
        assertThat(wav.riffSize()).isEqualTo(0xFFFFFFFFL);
        assertThat(wav.dataSize()).isEqualTo(0xFFFFFFFFL);
        assertThat(wav.sampleRate()).isEqualTo(24000);
        assertThat(wav.samples()).isPositive();
        assertThat(wav.data()).isEqualTo(ts.probe.lastAudio());
    }

    @Test
    void audioIsSentWhileTheModelIsStillGenerating() throws Exception {
        Probe.Hold hold = ts.probe.holdAfter(1);
        HttpResponse<InputStream> r = postStreaming("/v1/audio/speech",
                speech(TWO_SPEAKERS, "Frank,Carter", "\"stream\":true,\"response_format\":\"pcm\""));
        try (InputStream in = r.body()) {
            hold.awaitReached();
            // the worker is held after its first frame: that frame must already be readable
            byte[] first = in.readNBytes(2 * FRAME_SAMPLES);
            assertThat(first).hasSize(2 * FRAME_SAMPLES);
            assertThat(ts.service.activeGenerations()).isEqualTo(1);
            hold.release();
            byte[] rest = in.readAllBytes();
            assertThat((first.length + rest.length) % (2 * FRAME_SAMPLES)).isZero();
        } finally {
            ts.probe.releaseAll();
        }
    }

    @Test
    void aFullQueueGets429AndTheWaitingRequestsAreServed() throws Exception {
        String body = speech("Speaker 1: Queue me.", "Carter", "\"stream\":true");
        Probe.Hold hold = ts.probe.holdAfter(0);
        HttpResponse<InputStream> running = postStreaming("/v1/audio/speech", body);
        try {
            hold.awaitReached();
            // streamed responses start when the request is accepted: this one waits in the queue
            HttpResponse<InputStream> waiting = postStreaming("/v1/audio/speech", body);
            assertThat(waiting.statusCode()).isEqualTo(200);
            assertThat(ts.service.queueDepth()).isEqualTo(1);
            assertThat(json(get("/health"))).containsEntry("queue_depth", 1).containsEntry("active_generations", 1);

            HttpResponse<byte[]> refused = post("/v1/audio/speech", body);
            Map<String, Object> e = error(refused, 429);
            assertThat(e).containsEntry("type", "rate_limit_error");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");

            hold.release();
            Wav a = Wav.parse(running.body().readAllBytes());
            Wav b = Wav.parse(waiting.body().readAllBytes());
            assertThat(a.samples()).isPositive();
            assertThat(a.samples() % FRAME_SAMPLES).isZero();
            assertThat(b.data()).isEqualTo(ts.probe.lastAudio());
        } finally {
            ts.probe.releaseAll();
        }
        assertThat(metric("vibevoice_http_requests_total{status=\"429\"}")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aClientThatDisconnectsStopsItsGenerationAndTheNextRequestIsServed() throws Exception {
        long cancelled = ts.service.stats().cancelled();
        String body = speech(TWO_SPEAKERS, "Carter,Frank", "\"stream\":true,\"response_format\":\"pcm\"");
        Probe.Hold beforeAudio = ts.probe.holdAfter(0);
        try {
            SpeechJob job;
            try (Socket s = new Socket("127.0.0.1", ts.server.port())) {
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                OutputStream out = s.getOutputStream();
                out.write(("POST /v1/audio/speech HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(b);
                out.flush();
                String head = responseHead(s.getInputStream());
                assertThat(head).startsWith("HTTP/1.1 200");
                job = ts.service.job(header(head, "X-request-id"));
                assertThat(job).isNotNull();
                beforeAudio.awaitReached();
                s.setSoLinger(true, 0); // close with a reset: the server's next write fails
            }
            // the worker makes a frame, then waits at its next token until the failed write cancelled the job
            // (or stops at once, when the cancel came first)
            ts.probe.holdAfter(1);
            beforeAudio.release();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!job.cancelled() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertThat(job.cancelled()).as("cancelled by the failed write").isTrue();
            ts.probe.releaseAll();
            while (!job.done() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
        } finally {
            ts.probe.releaseAll();
        }
        assertThat(ts.service.stats().cancelled()).isEqualTo(cancelled + 1);
        HttpResponse<byte[]> next = post("/v1/audio/speech", speech("Speaker 1: Next!", "Maya", ""));
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(Wav.parse(next.body()).data()).isNotEmpty().isEqualTo(ts.probe.lastAudio());
    }

    /** The status line and headers of a raw HTTP response. */
    static String responseHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (b.length() < 4 || !b.substring(b.length() - 4).equals("\r\n\r\n")) {
            int c = in.read();
            assertThat(c).as("response head").isNotNegative();
            b.append((char) c);
        }
        return b.toString();
    }

    static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).strip();
            }
        }
        throw new AssertionError("no header " + name + " in " + head);
    }

    @Test
    void badRequestsGetJsonErrors() throws Exception {
        assertThat(error(post("/v1/audio/speech", "{\"input\": \"hi\", "), 400)).containsEntry("type",
                "invalid_request_error");
        assertThat(error(post("/v1/audio/speech", "[1, 2]"), 400).get("message")).asString().contains("JSON object");
        Map<String, Object> unknown = error(post("/v1/audio/speech", speech("Hi.", "Zed", "")), 400);
        assertThat(unknown).containsEntry("param", "voice");
        assertThat(unknown.get("message")).asString().contains("unknown voice 'Zed'").contains("en-Carter_man");
        assertThat(error(post("/v1/audio/speech", "{\"voice\": \"Carter\"}"), 400)).containsEntry("param", "input");
        assertThat(error(post("/v1/audio/speech", speech("Hi.", "", "")), 400)).containsEntry("param", "voice");
        assertThat(error(post("/v1/audio/speech", speech(TWO_SPEAKERS, "Carter", "")), 400).get("message")).asString()
                .contains("2 speakers but 1 voice");
        assertThat(error(post("/v1/audio/speech", speech("Hi.", "Carter", "\"response_format\":\"mp3\"")), 400))
                .containsEntry("param", "response_format");
        assertThat(error(post("/v1/audio/speech", speech("Hi.", "Carter", "\"cfg_scale\":0.5")), 400))
                .containsEntry("param", "cfg_scale");
        assertThat(error(post("/v1/audio/speech", speech("Hi.", "Carter", "\"steps\":2.5")), 400))
                .containsEntry("param", "steps");
        assertThat(error(post("/v1/audio/speech", speech("Hi.", "Carter", "\"stream\":\"yes\"")), 400))
                .containsEntry("param", "stream");
        String overlong = "a".repeat(TestServer.MAX_TEXT_CHARS + 1);
        assertThat(error(post("/v1/audio/speech", speech(overlong, "Carter", "")), 400).get("message")).asString()
                .contains("at most " + TestServer.MAX_TEXT_CHARS);

        HttpResponse<byte[]> form = http.send(HttpRequest.newBuilder(ts.uri("/v1/audio/speech"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(speech("Hi.", "Carter", "")))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(error(form, 415)).containsEntry("code", "unsupported_media_type");

        HttpResponse<byte[]> wrongMethod = get("/v1/audio/speech");
        assertThat(error(wrongMethod, 405)).containsEntry("code", "method_not_allowed");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
        error(get("/v1/nothing"), 404);
        error(get("/healthz"), 404);
        error(get("/../etc/passwd"), 404);
    }

    @Test
    void oversizeBodiesGet413WhetherDeclaredOrNot() throws Exception {
        byte[] big = new byte[4 * TestServer.MAX_TEXT_CHARS + (64 << 10) + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpResponse<byte[]> declared = http.send(HttpRequest.newBuilder(ts.uri("/v1/audio/speech"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(error(declared, 413)).containsEntry("code", "request_too_large");
        // no Content-Length: chunked, counted while reading
        HttpResponse<byte[]> chunked = http.send(HttpRequest.newBuilder(ts.uri("/v1/audio/speech"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(chunked.headers().firstValue("Content-Type")).hasValue("application/json");
        error(chunked, 413);
        byte[] bigUpload = new byte[(int) TestServer.MAX_UPLOAD_BYTES + 1];
        error(http.send(HttpRequest.newBuilder(ts.uri("/api/voices")).POST(HttpRequest.BodyPublishers.ofByteArray(bigUpload))
                .build(), HttpResponse.BodyHandlers.ofByteArray()), 413);
        HttpResponse<byte[]> hugeHeader = http.send(HttpRequest.newBuilder(ts.uri("/health"))
                .header("X-Padding", "x".repeat(Endpoint.MAX_HEADER_BYTES + 1)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        error(hugeHeader, 431);
    }

    @Test
    void uploadedVoicesAreKeptByIdAndSoundLikeTheSameFile() throws Exception {
        byte[] maya = Files.readAllBytes(ts.voicesDir.resolve("en-Maya_woman.wav"));
        HttpResponse<byte[]> up = http.send(HttpRequest.newBuilder(ts.uri("/api/voices"))
                .header("X-File-Name", "..%2F..%2Fetc%2Fmaya%20sample.wav")
                .POST(HttpRequest.BodyPublishers.ofByteArray(maya)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(up.statusCode()).as(new String(up.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        Map<String, Object> u = json(up);
        String id = (String) u.get("id");
        assertThat(id).matches("upload-[0-9a-f]{24}");
        assertThat(u).containsEntry("label", "maya sample.wav");
        assertThat(((Number) u.get("seconds")).doubleValue()).isBetween(0.5, 60.0);

        assertThat(ts.voices.resolve(id)).isEqualTo(ts.voices.resolve("en-Maya_woman"));
        HttpResponse<byte[]> byId = post("/v1/audio/speech", speech("Speaker 1: Uploaded.", id, "\"response_format\":\"pcm\""));
        assertThat(byId.statusCode()).isEqualTo(200);
        assertThat(byId.body()).isNotEmpty().isEqualTo(ts.probe.lastAudio());

        HttpResponse<byte[]> junk = http.send(HttpRequest.newBuilder(ts.uri("/api/voices")).header("X-File-Name", "junk.wav")
                .POST(HttpRequest.BodyPublishers.ofString("this is not audio")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(error(junk, 400).get("message")).asString().contains("junk.wav").contains("not a WAV, FLAC or MP3")
                .doesNotContain("vibevoice-uploads");
        assertThat(error(post("/v1/audio/speech", speech("Hi.", "upload-000000000000000000000000", "")), 400)
                .get("message")).asString().contains("upload it again");
    }

    @Test
    void thePageStreamsEventsAndCanCancelAJob() throws Exception {
        String body = speech(TWO_SPEAKERS, "Carter,Frank", "\"seed\":5");
        List<String[]> events = sse(post("/api/generate", body));
        assertThat(events.getFirst()[0]).isEqualTo("queued");
        assertThat(events.get(1)[0]).isEqualTo("start");
        assertThat(events.getLast()[0]).isEqualTo("done");
        java.io.ByteArrayOutputStream audio = new java.io.ByteArrayOutputStream();
        int progress = 0;
        for (String[] e : events) {
            if (e[0].equals("audio")) {
                audio.writeBytes(java.util.Base64.getDecoder().decode(e[1]));
            } else if (e[0].equals("progress")) {
                progress++;
            }
        }
        Map<String, Object> done = JSON.std.mapFrom(events.getLast()[1]);
        assertThat(done).containsEntry("stopped", false);
        assertThat(audio.size()).isEqualTo(((Number) done.get("frames")).intValue() * 2 * FRAME_SAMPLES);
        assertThat(progress).isGreaterThanOrEqualTo(((Number) done.get("frames")).intValue());
        assertThat(audio.toByteArray()).isEqualTo(ts.probe.lastAudio());

        // Stop: cancel the running job by the id its first event gave
        Probe.Hold hold = ts.probe.holdAfter(0);
        try {
            HttpResponse<InputStream> r = postStreaming("/api/generate", body);
            var reader = new java.io.BufferedReader(new java.io.InputStreamReader(r.body(), StandardCharsets.UTF_8));
            assertThat(reader.readLine()).isEqualTo("event: queued");
            String job = (String) JSON.std.mapFrom(reader.readLine().substring(6)).get("job");
            hold.awaitReached();
            assertThat(json(post("/api/jobs/" + job + "/cancel", ""))).containsEntry("cancelled", true);
            hold.release();
            String last = null;
            for (String line; (line = reader.readLine()) != null;) {
                if (line.startsWith("data: ")) {
                    last = line.substring(6);
                }
            }
            Map<String, Object> stopped = JSON.std.mapFrom(last);
            assertThat(stopped).containsEntry("stopped", true);
            // held at step 0's token: at most that step's frame was made
            assertThat(((Number) stopped.get("frames")).intValue()).isLessThanOrEqualTo(1);
        } finally {
            ts.probe.releaseAll();
        }
        error(post("/api/jobs/0123/cancel", ""), 404);
    }

    /** Server-sent events as (name, data) pairs. */
    static List<String[]> sse(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
        List<String[]> out = new ArrayList<>();
        for (String block : new String(r.body(), StandardCharsets.UTF_8).split("\n\n")) {
            String name = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            if (name != null) {
                out.add(new String[] {name, data});
            }
        }
        return out;
    }

    @Test
    void infoEndpointsDescribeTheServer() throws Exception {
        assertThat(json(get("/health"))).containsEntry("status", "ok").containsEntry("model", "tiny-a");
        Map<String, Object> models = json(get("/v1/models"));
        assertThat(models).containsEntry("object", "list");
        assertThat(models.get("data").toString()).contains("id=tiny-a");
        assertThat(json(get("/v1/voices")).get("data").toString()).contains("en-Carter_man", "en-Frank_man", "en-Maya_woman");

        Map<String, Object> config = json(get("/api/config"));
        assertThat(config).containsEntry("sampleRate", 24000);
        assertThat(config.get("defaultVoices")).isEqualTo(List.of("en-Carter_man", "en-Frank_man", "en-Maya_woman"));
        assertThat(config.get("examples").toString()).contains("name=1p_hello", "name=2p_short", "speakers=2",
                "Speaker 2: Hello, how are you?").doesNotContain("45min");

        HttpResponse<byte[]> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> v.contains("default-src 'self'"));
        assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("<script src=\"/app.js\"").doesNotContain("http://",
                "https://");
        assertThat(get("/app.js").statusCode()).isEqualTo(200);
        assertThat(get("/style.css").statusCode()).isEqualTo(200);

        String metrics = new String(get("/metrics").body(), StandardCharsets.UTF_8);
        assertThat(metrics).contains("# TYPE vibevoice_http_requests_total counter", "vibevoice_queue_depth 0",
                "# TYPE vibevoice_real_time_factor gauge", "vibevoice_frames_per_second ");
        assertThat(metric("vibevoice_frames_generated_total")).isEqualTo(ts.service.stats().frames());
        assertThat(metric("vibevoice_http_requests_total{status=\"200\"}")).isPositive();
    }

    long metric(String name) throws Exception {
        String text = new String(get("/metrics").body(), StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Long.parseLong(line.substring(name.length() + 1).strip());
            }
        }
        throw new AssertionError("no metric " + name + " in\n" + text);
    }
}
