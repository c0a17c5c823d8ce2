package org.vibevoice.convert;

import java.util.SplittableRandom;

/** Deterministic inputs for comparing two checkpoints: a synthetic voice and gaussian arrays. */
public final class TestSignals {
    private TestSignals() {
    }

    /**
     * A speech-like signal: a harmonic series on a gliding, vibrating pitch (110–170 Hz), harmonics
     * falling off as 1/k with two formant-like bumps, syllables at about 4 Hz, a little noise;
     * peak 0.5. The same for a given length and seed on every run and machine.
     */
    public static float[] voice(int sampleRate, int samples, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] out = new float[samples];
        double phase = 0;
        double peak = 0;
        double[] x = new double[samples];
        for (int i = 0; i < samples; i++) {
            double t = (double) i / sampleRate;
            double f0 = 140 + 30 * Math.sin(2 * Math.PI * 0.35 * t) + 4 * Math.sin(2 * Math.PI * 5.5 * t);
            phase += 2 * Math.PI * f0 / sampleRate;
            double v = 0;
            for (int k = 1; k <= 24; k++) {
                double f = k * f0;
                double formants = 1 + 2 * Math.exp(-Math.pow((f - 700) / 250, 2)) + 1.2 * Math.exp(-Math.pow((f - 1800) / 350, 2));
                v += formants / k * Math.sin(k * phase);
            }
            double syllables = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4.1 * t) * Math.sin(2 * Math.PI * 0.9 * t + 1);
            x[i] = v * Math.max(0.05, syllables) + 0.02 * rnd.nextGaussian();
            peak = Math.max(peak, Math.abs(x[i]));
        }
        for (int i = 0; i < samples; i++) {
            out[i] = (float) (0.5 * x[i] / peak);
        }
        return out;
    }

    /** n standard normal values from a fixed seed. */
    public static float[] gaussian(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) rnd.nextGaussian();
        }
        return out;
    }
}
