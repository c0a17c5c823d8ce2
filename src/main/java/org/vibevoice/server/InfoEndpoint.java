package org.vibevoice.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/models}, {@code /v1/voices}, {@code /health} and {@code /metrics}. */
final class InfoEndpoint extends Endpoint {
    static final List<String> PATHS = List.of("/v1/models", "/v1/voices", "/health", "/metrics");

    private final SpeechService service;
    private final VoiceLibrary voices;
    private final ServerMetrics metrics;

    InfoEndpoint(SpeechService service, VoiceLibrary voices, ServerMetrics metrics) {
        this.service = service;
        this.voices = voices;
        this.metrics = metrics;
    }

    @Override
    void serve(HttpExchange ex) throws IOException, ApiException {
        String path = ex.getRequestURI().getPath();
        if (!PATHS.contains(path)) {
            throw ApiException.notFound("no such endpoint: " + path);
        }
        Exchanges.requireMethod(ex, "GET");
        switch (path) {
            case "/v1/models" -> {
                Map<String, Object> model = new LinkedHashMap<>();
                model.put("id", service.modelName());
                model.put("object", "model");
                model.put("created", 0);
                model.put("owned_by", "vibevoice-java");
                Exchanges.sendJson(ex, 200, Map.of("object", "list", "data", List.of(model)));
            }
            case "/v1/voices" -> {
                List<Map<String, Object>> data = new ArrayList<>();
                for (String v : voices.presetNames()) {
                    data.add(Map.of("id", v, "object", "voice"));
                }
                Exchanges.sendJson(ex, 200, Map.of("object", "list", "data", data));
            }
            case "/health" -> {
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("status", "ok");
                h.put("model", service.modelName());
                h.put("queue_depth", service.queueDepth());
                h.put("active_generations", service.activeGenerations());
                h.put("slots", service.slots());
                Exchanges.sendJson(ex, 200, h);
            }
            default -> Exchanges.send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.render(service).getBytes(StandardCharsets.UTF_8));
        }
    }
}
