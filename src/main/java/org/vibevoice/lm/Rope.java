package org.vibevoice.lm;

/**
 * Rotary position embedding, rotate-half convention (spec §3.1): inv_freq[i] = 1/θ^(2i/d) in f32,
 * angle = f32(p)·inv_freq[i] as an f32 product, cos/sin of that f32 angle (evaluated in double and
 * rounded), applied to both halves of each head.
 */
final class Rope {
    private final int half;
    private final float[] invFreq;

    Rope(int headDim, double theta) {
        half = headDim / 2;
        invFreq = new float[half];
        float base = (float) theta;
        for (int i = 0; i < half; i++) {
            float exponent = (float) (2 * i) / (float) headDim;
            invFreq[i] = 1f / (float) Math.pow(base, exponent);
        }
    }

    /** cos/sin of position {@code pos} into {@code cos[off..off+d/2)}, {@code sin[...]}. */
    void angles(int pos, float[] cos, float[] sin, int off) {
        float p = pos;
        for (int i = 0; i < half; i++) {
            float a = p * invFreq[i];
            cos[off + i] = (float) Math.cos(a);
            sin[off + i] = (float) Math.sin(a);
        }
    }

    /** Rotates {@code heads} consecutive heads of x starting at {@code off} with the given cos/sin row. */
    void apply(float[] x, int off, int heads, float[] cos, float[] sin, int csOff) {
        for (int h = 0; h < heads; h++) {
            int base = off + h * 2 * half;
            for (int i = 0; i < half; i++) {
                float x1 = x[base + i];
                float x2 = x[base + half + i];
                float c = cos[csOff + i];
                float s = sin[csOff + i];
                x[base + i] = x1 * c - x2 * s;
                x[base + half + i] = x2 * c + x1 * s;
            }
        }
    }
}
