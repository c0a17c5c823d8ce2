package org.vibevoice.bench;

import java.util.SplittableRandom;

/**
 * A deterministic speech-like signal for benchmarks: a glottal pulse train (harmonics with falling
 * amplitude) whose pitch drifts between 90 and 180 Hz, shaped into ~4 syllables per second with
 * short pauses, plus a little breath noise; peak about 0.5.
 */
public final class SyntheticVoice {
    private SyntheticVoice() {
    }

    public static float[] generate(int sampleRate, double seconds, long seed) {
        int n = (int) Math.round(seconds * sampleRate);
        float[] out = new float[n];
        SplittableRandom rnd = new SplittableRandom(seed);
        double phase = 0;
        for (int i = 0; i < n; i++) {
            double t = (double) i / sampleRate;
            double pitch = 135 + 45 * Math.sin(2 * Math.PI * 0.31 * t) * Math.cos(2 * Math.PI * 0.07 * t);
            phase += 2 * Math.PI * pitch / sampleRate;
            double voiced = 0;
            for (int h = 1; h <= 12; h++) {
                voiced += Math.sin(h * phase) / h;
            }
            double syllable = Math.max(0, Math.sin(2 * Math.PI * 4.1 * t));
            double pause = Math.sin(2 * Math.PI * 0.23 * t) > -0.8 ? 1 : 0;
            out[i] = (float) (0.25 * voiced * syllable * pause + 0.01 * (rnd.nextDouble() * 2 - 1));
        }
        return out;
    }
}
