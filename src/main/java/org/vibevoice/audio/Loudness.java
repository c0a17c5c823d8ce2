package org.vibevoice.audio;

/**
 * The processor's voice-prompt loudness normalisation (spec §10.4, AudioNormalizer with
 * target −25 dBFS, eps 1e-6): scale to the target RMS, then, if any sample exceeds 1, divide by the
 * peak (+eps). Silence gets the full gain of 10^(−25/20)/1e-6, which the clip guard keeps in range.
 */
public final class Loudness {
    public static final double TARGET_DBFS = -25;
    private static final double EPS = 1e-6;

    private Loudness() {
    }

    /** Normalises {@code x} in place and returns it. */
    public static float[] normalize(float[] x) {
        double sumSq = 0;
        for (float v : x) {
            sumSq += (double) v * v;
        }
        double rms = x.length == 0 ? 0 : Math.sqrt(sumSq / x.length);
        double gain = Math.pow(10, TARGET_DBFS / 20) / (rms + EPS);
        double peak = 0;
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (x[i] * gain);
            peak = Math.max(peak, Math.abs(x[i]));
        }
        if (peak > 1.0) {
            double div = peak + EPS;
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (x[i] / div);
            }
        }
        return x;
    }
}
