package org.vibevoice.diffusion;

import org.vibevoice.model.CheckpointLayout;
import org.vibevoice.model.VibeVoiceConfig.DiffusionHeadConfig;
import org.vibevoice.tensor.Matrix;

/** The head's maths (spec §5.2) in plain double loops over the same weights: the tests' scalar twin. */
final class ReferenceHead {
    private final DiffusionHeadConfig cfg;
    private final DiffusionHead.Source w;

    ReferenceHead(DiffusionHeadConfig cfg, DiffusionHead.Source w) {
        this.cfg = cfg;
        this.w = w;
    }

    /** v-prediction of one row. */
    double[] forward(float[] noisy, int noisyOff, float t, float[] cond, int condOff) {
        int h = cfg.hiddenSize();
        int half = CheckpointLayout.FREQUENCY_DIM / 2;
        double[] emb = new double[2 * half];
        for (int i = 0; i < half; i++) {
            // frequencies and arguments are float32 in the original; the rest is exact here
            float freq = (float) Math.exp((float) -Math.log(10000) * i / half);
            float arg = t * freq;
            emb[i] = Math.cos(arg);
            emb[half + i] = Math.sin(arg);
        }
        double[] temb = linear("t_embedder.mlp.2.weight", silu(linear("t_embedder.mlp.0.weight", emb)));
        double[] c = linear("cond_proj.weight", slice(cond, condOff, h));
        for (int j = 0; j < h; j++) {
            c[j] += temb[j];
        }
        double[] sc = silu(c);
        double[] x = linear("noisy_images_proj.weight", slice(noisy, noisyOff, cfg.latentSize()));
        for (int l = 0; l < cfg.headLayers(); l++) {
            String p = "layers." + l + ".";
            double[] mod = linear(p + "adaLN_modulation.1.weight", sc);
            double[] y = rms(x, w.vector(p + "norm.weight"));
            for (int j = 0; j < h; j++) {
                y[j] = y[j] * (1 + mod[h + j]) + mod[j];
            }
            double[] g = silu(linear(p + "ffn.gate_proj.weight", y));
            double[] u = linear(p + "ffn.up_proj.weight", y);
            for (int k = 0; k < g.length; k++) {
                g[k] *= u[k];
            }
            double[] d = linear(p + "ffn.down_proj.weight", g);
            for (int j = 0; j < h; j++) {
                x[j] += mod[2 * h + j] * d[j];
            }
        }
        double[] mod = linear("final_layer.adaLN_modulation.1.weight", sc);
        double[] y = rms(x, null);
        for (int j = 0; j < h; j++) {
            y[j] = y[j] * (1 + mod[h + j]) + mod[j];
        }
        return linear("final_layer.linear.weight", y);
    }

    private double[] linear(String name, double[] in) {
        Matrix m = w.matrix(name);
        double[] out = new double[m.rows()];
        for (int r = 0; r < m.rows(); r++) {
            double acc = 0;
            for (int k = 0; k < m.cols(); k++) {
                acc += (double) m.get(r, k) * in[k];
            }
            out[r] = acc;
        }
        return out;
    }

    private double[] rms(double[] x, float[] weight) {
        double ss = 0;
        for (double v : x) {
            ss += v * v;
        }
        double inv = 1 / Math.sqrt(ss / x.length + cfg.rmsNormEps());
        double[] y = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            y[j] = x[j] * inv * (weight == null ? 1 : weight[j]);
        }
        return y;
    }

    private static double[] silu(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] / (1 + Math.exp(-x[i]));
        }
        return y;
    }

    private static double[] slice(float[] a, int off, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = a[off + i];
        }
        return d;
    }
}
