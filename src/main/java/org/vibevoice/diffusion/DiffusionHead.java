package org.vibevoice.diffusion;

import org.vibevoice.model.CheckpointLayout;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.model.VibeVoiceConfig.DiffusionHeadConfig;
import org.vibevoice.model.Weights;
import org.vibevoice.tensor.Matrix;
import org.vibevoice.tensor.Ops;

/**
 * The diffusion head {@code model.prediction_head} (spec §5): a v-prediction network over
 * {@code latent}-wide noisy rows, conditioned on an H-wide LM hidden state and a timestep. Weights in
 * any precision (f32 accumulation); every linear layer is one {@link Matrix#matmul} over all rows.
 * Immutable and shareable; per-call scratch lives in a {@link Workspace}.
 * <p>
 * The forward splits so a sampler can hoist what does not change: {@link #projectCondition} (once per
 * frame), {@link #timestepEmbedding} (once per timestep value) and {@link #predict} (every step).
 */
public final class DiffusionHead {
    public static final String PREFIX = CheckpointLayout.PREDICTION_HEAD;
    private static final double MAX_PERIOD = 10000.0;

    /** Where the head's tensors come from, by name relative to {@link #PREFIX}. */
    public interface Source {
        Matrix matrix(String name);

        float[] vector(String name);
    }

    private record Layer(Matrix modulation, float[] norm, Matrix gate, Matrix up, Matrix down) {
    }

    private final int hidden;
    private final int latent;
    private final int ffn;
    private final int freqDim;
    private final float eps;
    private final float[] freqs;
    private final Matrix noisyProj;
    private final Matrix timeIn;
    private final Matrix timeOut;
    private final Matrix condProj;
    private final Layer[] layers;
    private final Matrix finalModulation;
    private final Matrix finalLinear;

    public DiffusionHead(DiffusionHeadConfig cfg, Source src) {
        hidden = cfg.hiddenSize();
        latent = cfg.latentSize();
        ffn = cfg.ffnDim();
        eps = (float) cfg.rmsNormEps();
        noisyProj = matrix(src, "noisy_images_proj.weight", hidden, latent);
        Matrix tIn = src.matrix("t_embedder.mlp.0.weight");
        freqDim = tIn.cols();
        timeIn = checked(tIn, "t_embedder.mlp.0.weight", hidden, freqDim);
        timeOut = matrix(src, "t_embedder.mlp.2.weight", hidden, hidden);
        condProj = matrix(src, "cond_proj.weight", hidden, hidden);
        layers = new Layer[cfg.headLayers()];
        for (int i = 0; i < layers.length; i++) {
            String p = "layers." + i + ".";
            float[] norm = src.vector(p + "norm.weight");
            if (norm.length != hidden) {
                throw new VibeVoiceException(PREFIX + p + "norm.weight has " + norm.length
                        + " values; diffusion_head_config.hidden_size is " + hidden);
            }
            layers[i] = new Layer(matrix(src, p + "adaLN_modulation.1.weight", 3 * hidden, hidden), norm,
                    matrix(src, p + "ffn.gate_proj.weight", ffn, hidden), matrix(src, p + "ffn.up_proj.weight", ffn, hidden),
                    matrix(src, p + "ffn.down_proj.weight", hidden, ffn));
        }
        finalModulation = matrix(src, "final_layer.adaLN_modulation.1.weight", 2 * hidden, hidden);
        finalLinear = matrix(src, "final_layer.linear.weight", latent, hidden);
        freqs = frequencies(freqDim / 2);
    }

    /** The head of a checkpoint, in the weights' requested precision. */
    public static DiffusionHead load(Weights w, DiffusionHeadConfig cfg) {
        return new DiffusionHead(cfg, source(w));
    }

    /** The head's tensors of a checkpoint, by name relative to {@link #PREFIX}. */
    public static Source source(Weights w) {
        return new Source() {
            public Matrix matrix(String name) {
                return w.matrix(PREFIX + name);
            }

            public float[] vector(String name) {
                return w.floats(PREFIX + name);
            }
        };
    }

    private static Matrix matrix(Source src, String name, int rows, int cols) {
        return checked(src.matrix(name), name, rows, cols);
    }

    private static Matrix checked(Matrix m, String name, int rows, int cols) {
        if (m.rows() != rows || m.cols() != cols) {
            throw new VibeVoiceException(PREFIX + name + " is [" + m.rows() + ", " + m.cols() + "] but "
                    + "diffusion_head_config asks for [" + rows + ", " + cols + "]");
        }
        return m;
    }

    /** exp(−ln(max_period)·i/half) in float32, as the original's arange arithmetic rounds it. */
    private static float[] frequencies(int half) {
        float[] f = new float[half];
        float c = (float) -Math.log(MAX_PERIOD);
        for (int i = 0; i < half; i++) {
            f[i] = (float) Math.exp(c * i / half);
        }
        return f;
    }

    public int hiddenSize() {
        return hidden;
    }

    /** Width of the condition rows (the LM hidden size). */
    public int conditionSize() {
        return hidden;
    }

    public int latentSize() {
        return latent;
    }

    public int ffnSize() {
        return ffn;
    }

    public int layerCount() {
        return layers.length;
    }

    /** Weight bytes {@link #predict} streams (everything but the condition projection and timestep MLP). */
    public long predictBytes() {
        long b = noisyProj.byteSize() + finalModulation.byteSize() + finalLinear.byteSize();
        for (Layer l : layers) {
            b += l.modulation.byteSize() + l.gate.byteSize() + l.up.byteSize() + l.down.byteSize();
        }
        return b;
    }

    /** Weight bytes of {@link #projectCondition}. */
    public long conditionBytes() {
        return condProj.byteSize();
    }

    public Workspace newWorkspace() {
        return new Workspace();
    }

    /** The whole head: v-prediction of n rows, each with its own timestep and condition. */
    public void forward(float[] noisy, float[] timesteps, float[] condition, int n, float[] out, Workspace ws) {
        ws.ensure(n);
        timestepEmbedding(timesteps, n, ws.temb, ws);
        projectCondition(condition, n, ws.c);
        for (int i = 0; i < n * hidden; i++) {
            ws.c[i] += ws.temb[i];
        }
        predict(noisy, ws.c, n, out, ws);
    }

    /** cond_proj of n condition rows into {@code out} (n × H). */
    public void projectCondition(float[] condition, int n, float[] out) {
        condProj.matmul(condition, out, n);
    }

    /** t_embedder of n timesteps into {@code out} (n × H): sinusoid (cos first), Linear, SiLU, Linear. */
    public void timestepEmbedding(float[] timesteps, int n, float[] out, Workspace ws) {
        ws.ensureTime(n);
        for (int r = 0; r < n; r++) {
            sinusoid(timesteps[r], ws.emb, r * freqDim);
        }
        timeIn.matmul(ws.emb, ws.tHidden, n);
        for (int i = 0; i < n * hidden; i++) {
            ws.tHidden[i] = Ops.silu(ws.tHidden[i]);
        }
        timeOut.matmul(ws.tHidden, out, n);
    }

    /** The 256-d frequency embedding: args = t·freqs in float32, then cos/sin evaluated in double and rounded. */
    private void sinusoid(float t, float[] out, int off) {
        int half = freqs.length;
        for (int i = 0; i < half; i++) {
            float arg = t * freqs[i];
            out[off + i] = (float) Math.cos(arg);
            out[off + half + i] = (float) Math.sin(arg);
        }
        if (freqDim % 2 != 0) {
            out[off + freqDim - 1] = 0f;
        }
    }

    /**
     * The per-step part: given c = cond_proj(condition) + t_emb (n × H, not modified), the v-prediction
     * of the n noisy rows into {@code out} (n × latent).
     */
    public void predict(float[] noisy, float[] c, int n, float[] out, Workspace ws) {
        ws.ensure(n);
        int h = hidden;
        float[] sc = ws.sc;
        for (int i = 0; i < n * h; i++) {
            sc[i] = Ops.silu(c[i]);
        }
        noisyProj.matmul(noisy, ws.x, n);
        for (Layer l : layers) {
            l.modulation.matmul(sc, ws.mod, n);
            for (int r = 0; r < n; r++) {
                Ops.rmsNorm(ws.x, r * h, l.norm, eps, ws.y, r * h, h);
                modulate(ws.y, r * h, ws.mod, r * 3 * h, h);
            }
            l.gate.matmul(ws.y, ws.gate, n);
            l.up.matmul(ws.y, ws.up, n);
            for (int i = 0; i < n * ffn; i++) {
                ws.gate[i] = Ops.silu(ws.gate[i]) * ws.up[i];
            }
            l.down.matmul(ws.gate, ws.y, n);
            for (int r = 0; r < n; r++) {
                int g = r * 3 * h + 2 * h;
                for (int j = 0; j < h; j++) {
                    ws.x[r * h + j] += ws.mod[g + j] * ws.y[r * h + j];
                }
            }
        }
        finalModulation.matmul(sc, ws.mod, n);
        for (int r = 0; r < n; r++) {
            Ops.rmsNorm(ws.x, r * h, null, eps, ws.y, r * h, h);
            modulate(ws.y, r * h, ws.mod, r * 2 * h, h);
        }
        finalLinear.matmul(ws.y, out, n);
    }

    /** y ← y·(1 + scale) + shift, with shift at mod[m..m+h) and scale right after it. */
    private static void modulate(float[] y, int off, float[] mod, int m, int h) {
        for (int j = 0; j < h; j++) {
            y[off + j] = y[off + j] * (1f + mod[m + h + j]) + mod[m + j];
        }
    }

    /** Scratch rows for one caller at a time; grows to the largest row count seen, never shrinks. */
    public final class Workspace {
        private int rows;
        private int timeRows;
        private float[] emb = new float[0];
        private float[] tHidden = new float[0];
        private float[] temb = new float[0];
        private float[] c = new float[0];
        private float[] sc = new float[0];
        private float[] x = new float[0];
        private float[] y = new float[0];
        private float[] mod = new float[0];
        private float[] gate = new float[0];
        private float[] up = new float[0];

        private Workspace() {
        }

        void ensure(int n) {
            if (n <= rows) {
                return;
            }
            temb = new float[n * hidden];
            c = new float[n * hidden];
            sc = new float[n * hidden];
            x = new float[n * hidden];
            y = new float[n * hidden];
            mod = new float[n * 3 * hidden];
            gate = new float[n * ffn];
            up = new float[n * ffn];
            rows = n;
        }

        void ensureTime(int n) {
            if (n <= timeRows) {
                return;
            }
            emb = new float[n * freqDim];
            tHidden = new float[n * hidden];
            timeRows = n;
        }
    }
}
