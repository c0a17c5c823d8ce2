package org.vibevoice.server;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.vibevoice.fuzz.Fuzz;
import org.vibevoice.fuzz.Inputs;
import org.vibevoice.fuzz.JsonMutations;
import org.vibevoice.fuzz.Mutations;
import org.vibevoice.fuzz.TextMutations;
import org.vibevoice.generate.GenerationParams;

/**
 * Fuzzes {@code POST /v1/audio/speech} bodies: at the parsing and validation layer (JSON, fields,
 * scripts, voices; every refusal an {@link ApiException} with a one-line message), and through a
 * real loopback server with the tiny model, where every answer must be audio or a 4xx JSON error
 * with a one-line message: never a 500, never a dropped connection.
 */
class SpeechRequestFuzzTest {
    static final List<String> BODIES = List.of(
            "{\"model\":\"tts-1\",\"input\":\"Hello there.\",\"voice\":\"Carter\"}",
            "{\"input\":\"Speaker 1: Hi.\\nSpeaker 2: Hello,\\nhow are you?\",\"voice\":[\"Carter\",\"Frank\"],"
                    + "\"response_format\":\"pcm\",\"stream\":true,\"cfg_scale\":1.3,\"steps\":5,\"seed\":7}",
            "{\"input\":\"Speaker 2: Two\\nSpeaker 1: One\",\"voice\":\"Carter, Maya\",\"seed\":-1,\"response_format\":\"WAV\"}");
    private static final Fuzz PARSE = Fuzz.parser("speech request", 8 << 20, 256).ownError(ApiException.class);
    private static final Fuzz SERVER = Fuzz.parser("speech request over HTTP", 64 << 20, 1024).noErrors();
    private static Path dir;
    private static TestServer server;
    private static OpenAiSpeechEndpoint endpoint;
    private static HttpClient http;
    private static final Map<Integer, Integer> STATUSES = new java.util.TreeMap<>();

    @BeforeAll
    static void start() throws IOException {
        dir = Fuzz.tempDir("fuzz-server");
        // one token a request: a body that passes validation costs a prompt and a frame, not a speech
        server = new TestServer(dir, 4, TestServer.params().withMaxNewTokens(1));
        endpoint = new OpenAiSpeechEndpoint(server.service,
                new SpeechRequests(server.voices, GenerationParams.DEFAULTS, TestServer.MAX_TEXT_CHARS), 1 << 20);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        System.out.println("HTTP statuses " + STATUSES);
        server.close();
        Fuzz.finish(dir, PARSE, SERVER);
    }

    Gen<byte[]> bodies() {
        Gen<byte[]> hostileInput = TextMutations.of(List.of("Speaker 1: Hi.\nSpeaker 2: Yo.", "Hello."))
                .map(text -> json(Map.of("input", text, "voice", "Carter, Frank, Maya")));
        return Generate.frequency(Pair.of(6, JsonMutations.of(BODIES)), Pair.of(2, hostileInput),
                Pair.of(2, Mutations.of(BODIES.stream().map(String::getBytes).toList())));
    }

    private static byte[] json(Object o) {
        try {
            return JSON.std.asBytes(o);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aBodyIsAcceptedOrRefusedWithOneLine() {
        Inputs.forAll(1601, bodies(), body -> {
            PARSE.check(body, () -> endpoint.read(Exchanges.parseJsonObject(body)));
        });
    }

    @Test
    void theServerAnswersAudioOrAOneLine4xx() {
        Inputs.forAll(1602, 24, bodies(), body -> {
            HttpResponse<byte[]> r = SERVER.check(body, () -> http.send(HttpRequest.newBuilder(server.uri(OpenAiSpeechEndpoint.PATH))
                    .timeout(Duration.ofSeconds(Fuzz.TIMEOUT_SECONDS)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray()));
            int status = r.statusCode();
            STATUSES.merge(status, 1, Integer::sum);
            if (status == 200) {
                return;
            }
            if (status < 400 || status >= 500) {
                throw new AssertionError("status " + status + ": " + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            try {
                Object error = ((Map<?, ?>) JSON.std.mapFrom(r.body()).get("error")).get("message");
                PARSE.assertOneLine((String) error);
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("status " + status + " without a JSON error body", e);
            }
        });
    }
}
