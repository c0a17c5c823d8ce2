package org.vibevoice.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /v1/audio/speech}, shaped like OpenAI's audio API: a JSON body with {@code input},
 * {@code voice}, {@code response_format} ({@code wav}, the default, or {@code pcm}: s16le mono at
 * the model's 24 kHz) and {@code stream}; {@code model} is accepted and ignored (there is one
 * model). Streamed audio is sent frame by frame as it is generated; a streamed WAV declares an
 * unknown length (0xFFFFFFFF). A client that disconnects stops its generation at the next frame.
 * {@code X-Request-Id} names the job.
 */
final class OpenAiSpeechEndpoint extends Endpoint {
    static final String PATH = "/v1/audio/speech";
    /** Seconds a client refused with 429 is asked to wait. */
    static final int RETRY_AFTER_SECONDS = 5;
    private static final Duration POLL = Duration.ofSeconds(1);

    private final SpeechService service;
    private final SpeechRequests requests;
    private final long maxBodyBytes;

    OpenAiSpeechEndpoint(SpeechService service, SpeechRequests requests, long maxBodyBytes) {
        this.service = service;
        this.requests = requests;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    void serve(HttpExchange ex) throws IOException, ApiException {
        requirePath(ex, PATH);
        Exchanges.requireMethod(ex, "POST");
        Call call = read(Exchanges.readJsonObject(ex, maxBodyBytes));
        SpeechJob job = submit(ex, service, call.request());
        ex.getResponseHeaders().set("X-Request-Id", job.id());
        try {
            if (call.stream()) {
                stream(ex, job, call.wav());
            } else {
                whole(ex, job, call.wav());
            }
        } finally {
            // harmless when it ended; stops it when the client went away or the handler failed
            job.cancel();
        }
    }

    /** What a request body asks for: the speech, WAV (else raw PCM), and whether to stream it. */
    record Call(SpeechRequest request, boolean wav, boolean stream) {
    }

    /** Validates a request body; every refusal is a 400 naming the field. */
    Call read(Map<String, Object> body) throws ApiException {
        String format = SpeechRequests.string(body, "response_format", "wav").toLowerCase(Locale.ROOT);
        if (!format.equals("wav") && !format.equals("pcm")) {
            throw ApiException.badRequest("response_format '" + format + "' is not supported; use wav or pcm",
                    "response_format");
        }
        boolean stream = SpeechRequests.bool(body, "stream", false);
        return new Call(requests.read(body), format.equals("wav"), stream);
    }

    static SpeechJob submit(HttpExchange ex, SpeechService service, SpeechRequest request) throws ApiException {
        try {
            return service.submit(request);
        } catch (ServiceBusyException e) {
            ex.getResponseHeaders().set("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            throw new ApiException(429, "rate_limit_error", "queue_full", null, e.getMessage());
        }
    }

    private void stream(HttpExchange ex, SpeechJob job, boolean wav) throws IOException {
        ex.getResponseHeaders().set("Content-Type", wav ? "audio/wav" : "audio/pcm");
        ex.getResponseHeaders().set("X-Sample-Rate", Integer.toString(service.sampleRate()));
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        if (wav) {
            out.write(Pcm16.wavHeader(service.sampleRate(), Pcm16.UNKNOWN_LENGTH));
        }
        // the JDK server buffers the headers until a flush: a queued client learns at once it was accepted
        out.flush();
        while (true) {
            SpeechEvent e = next(job);
            switch (e) {
                case SpeechEvent.Audio a -> {
                    out.write(a.pcm());
                    out.flush();
                }
                case SpeechEvent.Failed f -> throw new IOException("generation failed: " + f.message());
                case SpeechEvent.Finished f -> {
                    if (f.result().stopped()) {
                        throw new IOException("generation was stopped before the end");
                    }
                    out.close();
                    return;
                }
                default -> {
                }
            }
        }
    }

    private void whole(HttpExchange ex, SpeechJob job, boolean wav) throws IOException, ApiException {
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        while (true) {
            SpeechEvent e = next(job);
            switch (e) {
                case SpeechEvent.Audio a -> pcm.write(a.pcm());
                case SpeechEvent.Failed f -> throw new ApiException(500, "server_error", null, null,
                        "generation failed: " + f.message());
                case SpeechEvent.Finished f -> {
                    if (f.result().stopped()) {
                        throw new ApiException(503, "server_error", null, null,
                                "generation was stopped before the end (the server is shutting down)");
                    }
                    byte[] data = pcm.toByteArray();
                    ex.getResponseHeaders().set("X-Sample-Rate", Integer.toString(service.sampleRate()));
                    byte[] body = wav ? Exchanges.concat(Pcm16.wavHeader(service.sampleRate(), data.length), data) : data;
                    Exchanges.send(ex, 200, wav ? "audio/wav" : "audio/pcm", body);
                    return;
                }
                default -> {
                }
            }
        }
    }

    static SpeechEvent next(SpeechJob job) throws IOException {
        try {
            SpeechEvent e;
            while ((e = job.next(POLL)) == null) {
                // waiting in the queue or between frames
            }
            return e;
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for audio");
        }
    }
}
