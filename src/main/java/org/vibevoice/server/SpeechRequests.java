package org.vibevoice.server;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vibevoice.generate.GenerationParams;

/**
 * Reads a speech request from a JSON body, for both the OpenAI endpoint and the page: {@code input}
 * (plain text or a {@code Speaker N:} script), {@code voice} (a name or upload id, several
 * comma-separated — or a JSON array — for Speaker 1..N), and the optional {@code cfg_scale}
 * (1.0–12.0), {@code steps} (1–50) and {@code seed} (default 42; negative picks a random one).
 */
final class SpeechRequests {
    static final double MIN_CFG = 1.0;
    static final double MAX_CFG = 12.0;
    static final int MAX_STEPS = 50;
    static final long DEFAULT_SEED = 42;

    private final VoiceLibrary voices;
    private final GenerationParams base;
    private final int maxTextChars;
    private final SecureRandom random = new SecureRandom();

    SpeechRequests(VoiceLibrary voices, GenerationParams base, int maxTextChars) {
        this.voices = voices;
        this.base = base;
        this.maxTextChars = maxTextChars;
    }

    int maxTextChars() {
        return maxTextChars;
    }

    GenerationParams base() {
        return base;
    }

    SpeechRequest read(Map<String, Object> body) throws ApiException {
        ScriptInput script = ScriptInput.parse(string(body, "input", null), maxTextChars);
        List<String> names = voiceNames(body.get("voice"));
        if (names.size() < script.speakers()) {
            throw ApiException.badRequest("input has " + script.speakers() + " speakers but " + names.size()
                    + " voice(s) were given; give one voice per speaker, comma-separated", "voice");
        }
        List<float[]> samples = new ArrayList<>();
        for (String n : names.subList(0, script.speakers())) {
            try {
                samples.add(voices.resolve(n));
            } catch (VoiceLibrary.UnknownVoiceException e) {
                throw ApiException.badRequest(e.getMessage(), "voice");
            }
        }
        double cfg = number(body, "cfg_scale", base.cfgScale());
        if (!(cfg >= MIN_CFG && cfg <= MAX_CFG)) {
            throw ApiException.badRequest("cfg_scale must be between " + MIN_CFG + " and " + MAX_CFG + ", got " + cfg,
                    "cfg_scale");
        }
        double steps = number(body, "steps", base.diffusionSteps());
        if (steps != Math.rint(steps) || steps < 1 || steps > MAX_STEPS) {
            throw ApiException.badRequest("steps must be a whole number from 1 to " + MAX_STEPS + ", got " + steps,
                    "steps");
        }
        double seedValue = number(body, "seed", DEFAULT_SEED);
        if (seedValue != Math.rint(seedValue) || Math.abs(seedValue) > 0x1p53) {
            throw ApiException.badRequest("seed must be a whole number, got " + seedValue, "seed");
        }
        long seed = seedValue < 0 ? random.nextLong() >>> 1 : (long) seedValue;
        GenerationParams params = base.withCfgScale((float) cfg).withDiffusionSteps((int) steps);
        return new SpeechRequest(script.script(), samples, params, seed);
    }

    private static List<String> voiceNames(Object v) throws ApiException {
        List<String> names = new ArrayList<>();
        if (v instanceof String s) {
            for (String part : s.split(",")) {
                names.add(part.strip());
            }
        } else if (v instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw ApiException.badRequest("voice must be a string or a list of strings", "voice");
                }
                names.add(s.strip());
            }
        } else if (v != null) {
            throw ApiException.badRequest("voice must be a string or a list of strings", "voice");
        }
        names.removeIf(String::isEmpty);
        if (names.isEmpty()) {
            throw ApiException.badRequest("voice is required: a voice name, or several comma-separated for "
                    + "Speaker 1..N (see GET /v1/voices)", "voice");
        }
        return names;
    }

    static String string(Map<String, Object> body, String key, String fallback) throws ApiException {
        return field(body, key, String.class, fallback, "a string");
    }

    static double number(Map<String, Object> body, String key, double fallback) throws ApiException {
        return field(body, key, Number.class, fallback, "a number").doubleValue();
    }

    static boolean bool(Map<String, Object> body, String key, boolean fallback) throws ApiException {
        return field(body, key, Boolean.class, fallback, "true or false");
    }

    /** A JSON field of the given type, or {@code fallback} when it is absent or null. */
    private static <T> T field(Map<String, Object> body, String key, Class<T> type, T fallback, String what)
            throws ApiException {
        Object v = body.get(key);
        if (v == null) {
            return fallback;
        }
        if (!type.isInstance(v)) {
            throw ApiException.badRequest(key + " must be " + what, key);
        }
        return type.cast(v);
    }
}
