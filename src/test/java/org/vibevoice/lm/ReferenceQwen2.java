package org.vibevoice.lm;

import org.vibevoice.model.VibeVoiceConfig.DecoderConfig;
import org.vibevoice.tensor.Matrix;

/**
 * The scalar twin of {@link Qwen2Model}: the whole sequence at once, no cache, element-wise weight
 * reads, double accumulation, written straight from spec §3.1.
 */
final class ReferenceQwen2 {
    private final DecoderConfig cfg;
    private final Qwen2Weights w;
    private final boolean halfKv;

    ReferenceQwen2(DecoderConfig cfg, Qwen2Weights w) {
        this(cfg, w, false);
    }

    /** With {@code halfKv}, keys and values are rounded to f16 (saturated at ±65504), as an f16 KV cache holds them. */
    ReferenceQwen2(DecoderConfig cfg, Qwen2Weights w, boolean halfKv) {
        this.cfg = cfg;
        this.w = w;
        this.halfKv = halfKv;
    }

    private float[] kv(float[] x) {
        if (halfKv) {
            for (int i = 0; i < x.length; i++) {
                x[i] = Float.float16ToFloat(Float.floatToFloat16(Math.clamp(x[i], -65504f, 65504f)));
            }
        }
        return x;
    }

    /** Final-norm hidden states [T][H] of a sequence of input embeddings [T][H]. */
    float[][] forward(float[][] embeds) {
        int T = embeds.length;
        int h = cfg.hiddenSize();
        int nh = cfg.numAttentionHeads();
        int nkv = cfg.numKeyValueHeads();
        int d = cfg.headDim();
        int g = nh / nkv;
        float[][] x = new float[T][];
        for (int t = 0; t < T; t++) {
            x[t] = embeds[t].clone();
        }
        for (LayerWeights l : w.layers()) {
            float[][] q = new float[T][];
            float[][] k = new float[T][];
            float[][] v = new float[T][];
            for (int t = 0; t < T; t++) {
                float[] a = norm(x[t], l.inputNorm());
                q[t] = rope(add(linear(l.q(), a), l.qBias()), t, nh, d);
                k[t] = kv(rope(add(linear(l.k(), a), l.kBias()), t, nkv, d));
                v[t] = kv(add(linear(l.v(), a), l.vBias()));
            }
            for (int t = 0; t < T; t++) {
                float[] att = new float[nh * d];
                for (int head = 0; head < nh; head++) {
                    int kvh = head / g;
                    double[] s = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int u = 0; u <= t; u++) {
                        double dot = 0;
                        for (int i = 0; i < d; i++) {
                            dot += (double) q[t][head * d + i] * k[u][kvh * d + i];
                        }
                        s[u] = dot / Math.sqrt(d);
                        max = Math.max(max, s[u]);
                    }
                    double sum = 0;
                    for (int u = 0; u <= t; u++) {
                        s[u] = Math.exp(s[u] - max);
                        sum += s[u];
                    }
                    for (int i = 0; i < d; i++) {
                        double o = 0;
                        for (int u = 0; u <= t; u++) {
                            o += s[u] / sum * v[u][kvh * d + i];
                        }
                        att[head * d + i] = (float) o;
                    }
                }
                float[] o = linear(l.o(), att);
                for (int i = 0; i < h; i++) {
                    x[t][i] += o[i];
                }
            }
            for (int t = 0; t < T; t++) {
                float[] b = norm(x[t], l.postAttentionNorm());
                float[] gate = linear(l.gate(), b);
                float[] up = linear(l.up(), b);
                for (int i = 0; i < gate.length; i++) {
                    gate[i] = (float) (gate[i] / (1 + Math.exp(-gate[i])) * up[i]);
                }
                float[] dn = linear(l.down(), gate);
                for (int i = 0; i < h; i++) {
                    x[t][i] += dn[i];
                }
            }
        }
        float[][] out = new float[T][];
        for (int t = 0; t < T; t++) {
            out[t] = norm(x[t], w.finalNorm());
        }
        return out;
    }

    float[] logits(float[] hidden) {
        return linear(w.lmHead(), hidden);
    }

    private float[] norm(float[] x, float[] weight) {
        double ss = 0;
        for (float f : x) {
            ss += (double) f * f;
        }
        double inv = 1 / Math.sqrt(ss / x.length + cfg.rmsNormEps());
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (x[i] * inv * weight[i]);
        }
        return out;
    }

    private static float[] linear(Matrix m, float[] x) {
        float[] y = new float[m.rows()];
        for (int r = 0; r < m.rows(); r++) {
            double acc = 0;
            for (int c = 0; c < m.cols(); c++) {
                acc += (double) m.get(r, c) * x[c];
            }
            y[r] = (float) acc;
        }
        return y;
    }

    private static float[] add(float[] y, float[] b) {
        for (int i = 0; i < y.length; i++) {
            y[i] += b[i];
        }
        return y;
    }

    private float[] rope(float[] x, int pos, int heads, int d) {
        int half = d / 2;
        for (int head = 0; head < heads; head++) {
            for (int i = 0; i < half; i++) {
                double invFreq = 1 / Math.pow(cfg.ropeTheta(), 2.0 * i / d);
                double angle = pos * invFreq;
                double c = Math.cos(angle);
                double s = Math.sin(angle);
                int a = head * d + i;
                int b = a + half;
                float x1 = x[a];
                float x2 = x[b];
                x[a] = (float) (x1 * c - x2 * s);
                x[b] = (float) (x2 * c + x1 * s);
            }
        }
        return x;
    }
}
