package org.vibevoice.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.api.SynthesisResult;

/**
 * The page's endpoints under {@code /api/}: its configuration, voice uploads, generation as a
 * server-sent-event stream (base64 PCM chunks interleaved with progress), and cancellation.
 */
final class DemoApiEndpoint extends Endpoint {
    static final String PREFIX = "/api/";
    /** The Gradio demo's default voices, in speaker order, when the directory has them. */
    static final List<String> PREFERRED_VOICES = List.of("en-Alice_woman", "en-Carter_man", "en-Frank_man",
            "en-Maya_woman");
    /** Idle time after which a comment is sent, so a closed page is noticed even between frames. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private final SpeechService service;
    private final SpeechRequests requests;
    private final VoiceLibrary voices;
    private final List<TextExamples.Example> examples;
    private final long maxBodyBytes;
    private final long maxUploadBytes;

    DemoApiEndpoint(SpeechService service, SpeechRequests requests, VoiceLibrary voices,
            List<TextExamples.Example> examples, long maxBodyBytes, long maxUploadBytes) {
        this.service = service;
        this.requests = requests;
        this.voices = voices;
        this.examples = examples;
        this.maxBodyBytes = maxBodyBytes;
        this.maxUploadBytes = maxUploadBytes;
    }

    @Override
    void serve(HttpExchange ex) throws IOException, ApiException {
        String path = ex.getRequestURI().getPath();
        switch (path) {
            case "/api/config" -> {
                Exchanges.requireMethod(ex, "GET");
                Exchanges.sendJson(ex, 200, config());
            }
            case "/api/voices" -> {
                Exchanges.requireMethod(ex, "POST");
                upload(ex);
            }
            case "/api/generate" -> {
                Exchanges.requireMethod(ex, "POST");
                generate(ex);
            }
            default -> {
                if (path.startsWith("/api/jobs/") && path.endsWith("/cancel")) {
                    Exchanges.requireMethod(ex, "POST");
                    cancel(ex, path.substring("/api/jobs/".length(), path.length() - "/cancel".length()));
                } else {
                    throw ApiException.notFound("no such endpoint: " + path);
                }
            }
        }
    }

    private Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model", service.modelName());
        c.put("sampleRate", service.sampleRate());
        c.put("voices", voices.presetNames());
        c.put("defaultVoices", defaultVoices(voices.presetNames()));
        List<Map<String, Object>> ex = new ArrayList<>();
        for (TextExamples.Example e : examples) {
            ex.add(Map.of("name", e.name(), "script", e.script(), "speakers", e.speakers()));
        }
        c.put("examples", ex);
        c.put("defaults", Map.of("speakers", 2, "cfgScale", requests.base().cfgScale(), "steps",
                requests.base().diffusionSteps(), "seed", SpeechRequests.DEFAULT_SEED));
        c.put("limits", Map.of("maxTextChars", requests.maxTextChars(), "maxUploadBytes", maxUploadBytes,
                "minCfgScale", SpeechRequests.MIN_CFG, "maxSteps", SpeechRequests.MAX_STEPS));
        return c;
    }

    /** Four voices for speakers 1–4: the Gradio defaults that exist, then the other voices in order. */
    static List<String> defaultVoices(List<String> available) {
        List<String> out = new ArrayList<>();
        for (String v : PREFERRED_VOICES) {
            if (available.contains(v)) {
                out.add(v);
            }
        }
        for (String v : available) {
            if (out.size() >= PREFERRED_VOICES.size()) {
                break;
            }
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private void upload(HttpExchange ex) throws IOException, ApiException {
        byte[] data = Exchanges.readBody(ex, maxUploadBytes);
        if (data.length == 0) {
            throw ApiException.badRequest("the upload is empty", null);
        }
        String name = ex.getRequestHeaders().getFirst("X-File-Name");
        String label = name == null ? null : URLDecoder.decode(name, StandardCharsets.UTF_8);
        VoiceLibrary.Upload u;
        try {
            u = voices.add(data, label);
        } catch (VibeVoiceException e) {
            throw ApiException.badRequest(e.getMessage(), null);
        }
        Exchanges.sendJson(ex, 200, Map.of("id", u.id(), "label", u.label(), "seconds", u.seconds()));
    }

    private void cancel(HttpExchange ex, String id) throws IOException, ApiException {
        SpeechJob job = service.job(id);
        if (job == null) {
            throw ApiException.notFound("no running or queued job " + id);
        }
        job.cancel();
        Exchanges.sendJson(ex, 200, Map.of("cancelled", true));
    }

    private void generate(HttpExchange ex) throws IOException, ApiException {
        SpeechRequest request = requests.read(Exchanges.readJsonObject(ex, maxBodyBytes));
        SpeechJob job = OpenAiSpeechEndpoint.submit(ex, service, request);
        try {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            while (true) {
                SpeechEvent e = job.next(HEARTBEAT);
                if (e == null) {
                    write(out, ": waiting\n\n");
                    continue;
                }
                switch (e) {
                    case SpeechEvent.Queued q -> event(out, "queued",
                            Map.of("job", job.id(), "position", q.position(), "sampleRate", service.sampleRate()));
                    case SpeechEvent.Started s -> event(out, "start", Map.of("job", job.id()));
                    case SpeechEvent.Audio a -> write(out, "event: audio\ndata: "
                            + Base64.getEncoder().encodeToString(a.pcm()) + "\n\n");
                    case SpeechEvent.Progress p -> event(out, "progress", Map.of("frames", p.frames(), "tokens",
                            p.tokens(), "audioSeconds", p.audioSeconds(), "elapsedSeconds", p.elapsedSeconds(), "rtf",
                            p.realTimeFactor()));
                    case SpeechEvent.Failed f -> event(out, "error", Map.of("message", f.message()));
                    case SpeechEvent.Finished f -> event(out, "done", summary(f.result()));
                }
                if (e.terminal()) {
                    out.close();
                    return;
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while streaming");
        } finally {
            job.cancel();
        }
    }

    private static Map<String, Object> summary(SynthesisResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frames", r.frames());
        m.put("audioSeconds", r.audioSeconds());
        m.put("wallSeconds", r.wallSeconds());
        m.put("rtf", r.frames() == 0 ? 0 : r.realTimeFactor());
        m.put("promptTokens", r.promptTokens());
        m.put("generatedTokens", r.generatedTokens());
        m.put("reachedStepLimit", r.reachedStepLimit());
        m.put("stopped", r.stopped());
        return m;
    }

    private static void event(OutputStream out, String name, Map<String, Object> data) throws IOException {
        write(out, "event: " + name + "\ndata: " + com.fasterxml.jackson.jr.ob.JSON.std.asString(data) + "\n\n");
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
