package org.vibevoice.model;

import org.vibevoice.tensor.Matrix;
import org.vibevoice.tensor.Ops;

/**
 * A SpeechConnector (spec §9): y = fc2(RMSNorm(fc1(x))), RMSNorm with eps 1e-6 in f32, no
 * activation; it maps tokenizer latents (acoustic 64-d, semantic 128-d) into the LM's hidden size.
 * It lives with the model rather than a tokenizer because it belongs to the LM side of the bridge:
 * both connectors feed the LM input embeddings, and the generation loop sums their outputs.
 */
public final class Connector {
    public static final String ACOUSTIC = CheckpointLayout.ACOUSTIC_CONNECTOR;
    public static final String SEMANTIC = CheckpointLayout.SEMANTIC_CONNECTOR;
    private static final float EPS = 1e-6f;

    private final Matrix fc1;
    private final float[] bias1;
    private final float[] normWeight;
    private final Matrix fc2;
    private final float[] bias2;
    private final int in;
    private final int hidden;
    private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[0]);

    private Connector(Matrix fc1, float[] bias1, float[] normWeight, Matrix fc2, float[] bias2) {
        this.fc1 = fc1;
        this.bias1 = bias1;
        this.normWeight = normWeight;
        this.fc2 = fc2;
        this.bias2 = bias2;
        this.in = fc1.cols();
        this.hidden = fc1.rows();
    }

    /** Loads {@code prefix}.fc1 / norm / fc2 (e.g. {@link #ACOUSTIC}) in the weights' precision. */
    public static Connector load(Weights w, String prefix) {
        Matrix fc1 = w.matrix(prefix + ".fc1.weight");
        Matrix fc2 = w.matrix(prefix + ".fc2.weight");
        float[] b1 = w.floats(prefix + ".fc1.bias");
        float[] b2 = w.floats(prefix + ".fc2.bias");
        float[] norm = w.floats(prefix + ".norm.weight");
        if (fc2.cols() != fc1.rows() || b1.length != fc1.rows() || b2.length != fc2.rows() || norm.length != fc1.rows()) {
            throw new org.vibevoice.VibeVoiceException(w.checkpoint().location() + ": " + prefix + " has inconsistent shapes");
        }
        return new Connector(fc1, b1, norm, fc2, b2);
    }

    public int inputDim() {
        return in;
    }

    public int outputDim() {
        return fc2.rows();
    }

    /** out[i] = connector(x[i]) for n rows: x [n][inputDim], out [n][outputDim]. */
    public void apply(float[] x, int n, float[] out) {
        float[] h = scratch.get();
        if (h.length < n * hidden) {
            h = new float[n * hidden];
            scratch.set(h);
        }
        fc1.matmul(x, h, n);
        int outDim = fc2.rows();
        for (int r = 0; r < n; r++) {
            Ops.add(h, r * hidden, bias1, 0, hidden);
            Ops.rmsNorm(h, r * hidden, normWeight, EPS, h, r * hidden, hidden);
        }
        fc2.matmul(h, out, n);
        for (int r = 0; r < n; r++) {
            Ops.add(out, r * outDim, bias2, 0, outDim);
        }
    }
}
