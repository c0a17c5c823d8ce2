package org.vibevoice.server;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.generate.GenerationParams;

/**
 * The web demo and the OpenAI-compatible speech API over one {@link SpeechService}, on the JDK's
 * built-in HTTP server: each connection is served on a virtual thread, generation stays on the
 * service's bounded workers. The server owns the service and the voice library and closes them.
 *
 * <pre>{@code
 * SpeechService service = SpeechService.start(() -> VibeVoice.load(model, null), 1, 20);
 * VoiceLibrary voices = VoiceLibrary.open(Path.of("demo/voices"), service.sampleRate());
 * try (SpeechServer server = SpeechServer.start(service, voices, SpeechServer.Options.defaults())) {
 *     System.out.println(server.uri());
 *     ...
 * }
 * }</pre>
 */
public final class SpeechServer implements AutoCloseable {
    /**
     * @param host address to bind (127.0.0.1 keeps the server local)
     * @param port TCP port; 0 picks a free one
     * @param maxTextChars longest accepted {@code input}
     * @param maxUploadBytes largest accepted voice upload
     * @param examples the page's example scripts
     * @param params generation settings requests start from (solver, token cap; cfg and steps are per request)
     */
    public record Options(String host, int port, int maxTextChars, long maxUploadBytes,
            List<TextExamples.Example> examples, GenerationParams params) {
        public static final int DEFAULT_PORT = 7860;

        public Options {
            if (maxTextChars < 1 || maxUploadBytes < 1) {
                throw new IllegalArgumentException("limits must be positive");
            }
            examples = List.copyOf(examples);
        }

        public static Options defaults() {
            return new Options("127.0.0.1", DEFAULT_PORT, 20_000, 10L << 20, List.of(), GenerationParams.DEFAULTS);
        }

        /** The largest JSON body: the text at 4 UTF-8 bytes a character (escapes aside), plus room for the rest. */
        long maxJsonBytes() {
            return 4L * maxTextChars + (64 << 10);
        }
    }

    private final HttpServer http;
    private final ExecutorService connections;
    private final SpeechService service;
    private final VoiceLibrary voices;

    private SpeechServer(HttpServer http, ExecutorService connections, SpeechService service, VoiceLibrary voices) {
        this.http = http;
        this.connections = connections;
        this.service = service;
        this.voices = voices;
    }

    public static SpeechServer start(SpeechService service, VoiceLibrary voices, Options o) {
        HttpLimits.applyDefaults();
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(o.host(), o.port()), 64);
        } catch (IOException e) {
            throw new VibeVoiceException(o.host() + ":" + o.port() + ": cannot listen: " + e.getMessage());
        }
        ServerMetrics metrics = new ServerMetrics();
        SpeechRequests requests = new SpeechRequests(voices, o.params(), o.maxTextChars());
        add(http, metrics, OpenAiSpeechEndpoint.PATH, new OpenAiSpeechEndpoint(service, requests, o.maxJsonBytes()));
        InfoEndpoint info = new InfoEndpoint(service, voices, metrics);
        for (String p : InfoEndpoint.PATHS) {
            add(http, metrics, p, info);
        }
        add(http, metrics, DemoApiEndpoint.PREFIX, new DemoApiEndpoint(service, requests, voices, o.examples(),
                o.maxJsonBytes(), o.maxUploadBytes()));
        add(http, metrics, "/", new PageEndpoint());
        ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(connections);
        http.start();
        return new SpeechServer(http, connections, service, voices);
    }

    private static void add(HttpServer http, ServerMetrics metrics, String path, HttpHandler handler) {
        HttpContext c = http.createContext(path, handler);
        c.getFilters().add(metrics.counter());
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The page's address; a wildcard bind is shown as localhost. */
    public URI uri() {
        var a = http.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "localhost" : a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    public SpeechService service() {
        return service;
    }

    /** Stops generation (streams end), then the listener, then frees the model and uploads. */
    @Override
    public void close() {
        service.close();
        http.stop(1);
        connections.shutdownNow();
        voices.close();
    }
}
