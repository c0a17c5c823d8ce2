package org.vibevoice.server;

import org.vibevoice.api.SynthesisResult;

/** What a {@link SpeechJob} reports, in order: queued, started, audio and progress, then one terminal event. */
public sealed interface SpeechEvent {
    /** Accepted; {@code position} requests (this one included) were waiting for a slot. */
    record Queued(int position) implements SpeechEvent {
    }

    /** A worker took the job. */
    record Started() implements SpeechEvent {
    }

    /** One decoded frame as 16-bit little-endian PCM, mono, at the model's rate. */
    record Audio(byte[] pcm) implements SpeechEvent {
    }

    /** Counts so far: frames, generated tokens, seconds of audio and seconds since the job started. */
    record Progress(int frames, int tokens, double audioSeconds, double elapsedSeconds) implements SpeechEvent {
        /** Compute seconds per second of audio; 0 before the first frame. */
        public double realTimeFactor() {
            return audioSeconds == 0 ? 0 : elapsedSeconds / audioSeconds;
        }
    }

    /** Terminal: generation ended (at eos, the step limit, or stopped when {@code result.stopped()}). */
    record Finished(SynthesisResult result) implements SpeechEvent {
    }

    /** Terminal: generation failed or never ran; {@code message} is one line for the client. */
    record Failed(String message) implements SpeechEvent {
    }

    default boolean terminal() {
        return this instanceof Finished || this instanceof Failed;
    }
}
