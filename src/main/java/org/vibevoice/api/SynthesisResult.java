package org.vibevoice.api;

/**
 * The outcome of one synthesis.
 *
 * @param promptTokens tokens of the prompt (system prompt, voices, script)
 * @param generatedTokens tokens the model generated
 * @param frames audio frames made (each {@code hop} samples)
 * @param audioSeconds seconds of audio made
 * @param wallSeconds time from prompt processing to the last frame
 * @param reachedStepLimit generation stopped at the step limit rather than at eos
 * @param stopped generation was stopped by the caller
 */
public record SynthesisResult(int promptTokens, int generatedTokens, int frames, double audioSeconds,
        double wallSeconds, boolean reachedStepLimit, boolean stopped) {

    /** Real-time factor: compute seconds per second of audio (below 1 is faster than real time). */
    public double realTimeFactor() {
        return audioSeconds == 0 ? Double.POSITIVE_INFINITY : wallSeconds / audioSeconds;
    }
}
