package org.vibevoice.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Rotary position embedding, "rotate-half" (non-interleaved) convention of Qwen2 / HF Llama:
 * for i &lt; d/2, x'[i] = x[i]·cos − x[i+d/2]·sin and x'[i+d/2] = x[i+d/2]·cos + x[i]·sin, with
 * inv_freq[i] = 1/θ^(2i/d) in f32 and angle = f32(pos)·inv_freq[i] as an f32 product, like the
 * reference. Multiply and add stay separate (not fused) to round as the reference does.
 * cos/sin are tabulated per position on first use (the table doubles as positions grow), so
 * every layer and head of a step reuses them. Thread-safe.
 */
public final class Rope {
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int INITIAL_POSITIONS = 1024;

    private final int headDim;
    private final int half;
    private final float[] invFreq;
    private volatile Table table;

    private record Table(int positions, float[] cos, float[] sin) {
    }

    /** @param headDim even head dimension d; @param theta rope_theta (1e6 for Qwen2.5) */
    public Rope(int headDim, double theta) {
        if (headDim <= 0 || headDim % 2 != 0) {
            throw new IllegalArgumentException("RoPE head dimension must be even and positive, got " + headDim);
        }
        this.headDim = headDim;
        this.half = headDim / 2;
        this.invFreq = new float[half];
        float base = (float) theta;
        for (int i = 0; i < half; i++) {
            // torch: 1.0 / (base ** (arange(0, d, 2).float() / d)), every step in f32
            float exponent = (float) (2 * i) / (float) headDim;
            invFreq[i] = 1f / (float) Math.pow(base, exponent);
        }
        this.table = build(INITIAL_POSITIONS);
    }

    public int headDim() {
        return headDim;
    }

    /** The f32 inverse frequencies, d/2 of them. */
    public float[] invFreq() {
        return invFreq.clone();
    }

    /** cos(angle) and sin(angle) of position pos into cos[0..d/2) and sin[0..d/2). */
    public void cosSin(int pos, float[] cos, float[] sin) {
        Table t = tableFor(pos);
        System.arraycopy(t.cos, pos * half, cos, 0, half);
        System.arraycopy(t.sin, pos * half, sin, 0, half);
    }

    /** Rotates {@code heads} consecutive heads of x starting at off, all at position pos, in place. */
    public void apply(float[] x, int off, int heads, int pos) {
        Table t = tableFor(pos);
        int tOff = pos * half;
        for (int h = 0; h < heads; h++) {
            rotate(x, off + h * headDim, t.cos, t.sin, tOff);
        }
    }

    private void rotate(float[] x, int o, float[] cos, float[] sin, int tOff) {
        int i = 0;
        if (Simd.ENABLED) {
            for (int bound = F.loopBound(half); i < bound; i += F.length()) {
                FloatVector x1 = FloatVector.fromArray(F, x, o + i);
                FloatVector x2 = FloatVector.fromArray(F, x, o + half + i);
                FloatVector c = FloatVector.fromArray(F, cos, tOff + i);
                FloatVector s = FloatVector.fromArray(F, sin, tOff + i);
                x1.mul(c).sub(x2.mul(s)).intoArray(x, o + i);
                x2.mul(c).add(x1.mul(s)).intoArray(x, o + half + i);
            }
        }
        for (; i < half; i++) {
            float x1 = x[o + i];
            float x2 = x[o + half + i];
            float c = cos[tOff + i];
            float s = sin[tOff + i];
            x[o + i] = x1 * c - x2 * s;
            x[o + half + i] = x2 * c + x1 * s;
        }
    }

    private Table tableFor(int pos) {
        if (pos < 0) {
            throw new IllegalArgumentException("negative RoPE position " + pos);
        }
        Table t = table;
        if (pos < t.positions) {
            return t;
        }
        synchronized (this) {
            t = table;
            if (pos >= t.positions) {
                long n = Math.max(2L * t.positions, pos + 1L);
                if (n * half > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("RoPE position " + pos + " is too large");
                }
                t = build((int) n);
                table = t;
            }
            return t;
        }
    }

    private Table build(int positions) {
        float[] cos = new float[positions * half];
        float[] sin = new float[positions * half];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < half; i++) {
                float angle = (float) p * invFreq[i];
                cos[p * half + i] = (float) Math.cos(angle);
                sin[p * half + i] = (float) Math.sin(angle);
            }
        }
        return new Table(positions, cos, sin);
    }
}
