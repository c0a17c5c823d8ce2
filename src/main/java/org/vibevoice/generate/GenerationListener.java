package org.vibevoice.generate;

/**
 * Receives generation events as they happen, on the generating thread: each audio chunk (one latent
 * frame, hop-length samples, 24 kHz) the moment it is decoded, so files and HTTP streams never wait
 * for the whole script. The chunk array is reused: copy what you keep.
 */
public interface GenerationListener {
    GenerationListener NONE = new GenerationListener() {
    };

    /** {@code length} samples of sample {@code sample}'s audio, at {@code audio[offset..]}. */
    default void onAudio(int sample, float[] audio, int offset, int length) {
    }

    /**
     * The logits of the four allowed tokens (eos, speech_start, speech_end, speech_diffusion, in
     * that order) sample {@code sample} chooses from at step {@code step}, just before
     * {@link #onToken}. The array is reused: copy what you keep.
     */
    default void onLogits(int sample, int step, float[] logits) {
    }

    /** The token sample {@code sample} chose at generation step {@code step}. */
    default void onToken(int sample, int step, int token) {
    }

    /** Sample {@code sample} will produce nothing more (eos, the step limit, or a stop). */
    default void onFinished(int sample, boolean reachedStepLimit) {
    }
}
