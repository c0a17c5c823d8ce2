package org.vibevoice.audio;

/** Mono audio: samples in [-1, 1] (not enforced) at a sample rate in Hz. */
public record AudioClip(float[] samples, int sampleRate) {
    public AudioClip {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate " + sampleRate);
        }
    }

    public double seconds() {
        return samples.length / (double) sampleRate;
    }
}
