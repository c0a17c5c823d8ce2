package org.vibevoice.server;

import java.util.List;
import org.vibevoice.generate.GenerationParams;

/**
 * One synthesis to run: a normalised {@code Speaker N:} script, one voice sample per speaker (mono,
 * at the model's rate, speakers in increasing number order), generation settings and the noise seed.
 */
public record SpeechRequest(String script, List<float[]> voices, GenerationParams params, long seed) {
    public SpeechRequest {
        voices = List.copyOf(voices);
    }
}
