package org.vibevoice.lm;

import org.vibevoice.VibeVoiceException;
import org.vibevoice.model.VibeVoiceConfig;
import org.vibevoice.model.VibeVoiceConfig.DecoderConfig;
import org.vibevoice.model.Weights;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Matrix;
import org.vibevoice.tensor.Ops;
import org.vibevoice.tensor.Rope;

/**
 * The Qwen2 decoder of VibeVoice (spec §3.1) with a KV cache per sequence.
 *
 * <p>Work is done in blocks of rows, each row one token of some sequence, so every linear layer is
 * one {@link Matrix#matmul} over the block and the weights are streamed once per block:
 * {@link #prefill} feeds one sequence's prompt {@link #PREFILL_ROWS} tokens at a time (enough rows
 * for the panel kernels to run near the FMA peak); {@link #step} advances several sequences by one
 * token each (the CFG pair, several requests), {@link #ROWS} at a time, in one sweep.
 * Hidden states returned are after the final norm. Weights may be f32, f16 or bf16; all arithmetic
 * is f32 (norms, RoPE and softmax as the reference does them).
 *
 * <p>Typical generation use:
 * <pre>{@code
 * Qwen2Model lm = Qwen2Model.load(weights, config);
 * KvCache pos = lm.newCache(), neg = lm.newCache();
 * lm.prefill(pos, promptEmbeds, promptLength, hidden);          // hidden = last position
 * lm.logits(hidden, 0, new int[] {eos, start, end, diffusion}, logits, 0);
 * lm.step(new KvCache[] {pos, neg}, nextEmbeds, hiddenPair);     // both branches, one weight sweep
 * }</pre>
 *
 * <p>One model instance owns its scratch buffers: call it from one thread at a time (batch
 * concurrent requests through {@link #step}). Nothing is allocated per step once the caches and
 * score buffers have grown to the context in use.
 */
public final class Qwen2Model {
    /** Rows per step block and per attention pass: the row kernels are built for 1–8 rows. */
    public static final int ROWS = 8;
    /** Prompt positions per prefill block. */
    public static final int PREFILL_ROWS = 256;

    private final DecoderConfig cfg;
    private final Qwen2Weights w;
    private final DType kvDtype;
    private final int hidden;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final int qDim;
    private final int kvDim;
    private final int ffn;
    private final float eps;
    private final Rope rope;
    private final Attention attention;

    // Per-block scratch, PREFILL_ROWS rows each.
    private final float[] x;
    private final float[] a;
    private final float[] q;
    private final float[] k;
    private final float[] v;
    private final float[] att;
    private final float[] proj;
    private final float[] gate;
    private final float[] up;
    private final float[] lmRow;
    private final int[] pos = new int[PREFILL_ROWS];
    private final KvCache[] rowCache = new KvCache[PREFILL_ROWS];
    /** Per layer, the projections that read the same input, each run as one dispatch. */
    private final Matrix[][] qkv;
    private final Matrix[][] gateUp;
    private final float[][] qkvOut;
    private final float[][] gateUpOut;

    private Qwen2Model(DecoderConfig cfg, Qwen2Weights w, DType kvDtype) {
        this.cfg = cfg;
        this.w = w;
        this.kvDtype = kvDtype;
        hidden = cfg.hiddenSize();
        heads = cfg.numAttentionHeads();
        kvHeads = cfg.numKeyValueHeads();
        headDim = cfg.headDim();
        qDim = heads * headDim;
        kvDim = kvHeads * headDim;
        ffn = cfg.intermediateSize();
        eps = (float) cfg.rmsNormEps();
        rope = new Rope(headDim, cfg.ropeTheta());
        attention = new Attention(heads, kvHeads, headDim, ROWS);
        x = new float[PREFILL_ROWS * hidden];
        a = new float[PREFILL_ROWS * hidden];
        q = new float[PREFILL_ROWS * qDim];
        k = new float[PREFILL_ROWS * kvDim];
        v = new float[PREFILL_ROWS * kvDim];
        att = new float[PREFILL_ROWS * qDim];
        proj = new float[PREFILL_ROWS * hidden];
        gate = new float[PREFILL_ROWS * ffn];
        up = new float[PREFILL_ROWS * ffn];
        lmRow = new float[hidden];
        int layers = w.layers().size();
        qkv = new Matrix[layers][];
        gateUp = new Matrix[layers][];
        for (int l = 0; l < layers; l++) {
            LayerWeights lw = w.layers().get(l);
            qkv[l] = new Matrix[] {lw.q(), lw.k(), lw.v()};
            gateUp[l] = new Matrix[] {lw.gate(), lw.up()};
        }
        qkvOut = new float[][] {q, k, v};
        gateUpOut = new float[][] {gate, up};
    }

    /** The decoder of a VibeVoice checkpoint (weights under {@code model.language_model.}). */
    public static Qwen2Model load(Weights weights, VibeVoiceConfig config) {
        return load(weights, config, DType.F32);
    }

    /** As {@link #load(Weights, VibeVoiceConfig)}, with KV caches of {@code kvDtype} (F32 or F16). */
    public static Qwen2Model load(Weights weights, VibeVoiceConfig config, DType kvDtype) {
        return new Qwen2Model(config.decoder(),
                Qwen2Weights.load(weights, config.decoder(), config.tieWordEmbeddings()), kvDtype);
    }

    /** A decoder over parameters already in memory (checked against {@code cfg}), f32 KV caches. */
    public static Qwen2Model of(Qwen2Weights weights, DecoderConfig cfg) {
        return of(weights, cfg, DType.F32);
    }

    /** As {@link #of(Qwen2Weights, DecoderConfig)} with KV caches of {@code kvDtype} (F32 or F16). */
    public static Qwen2Model of(Qwen2Weights weights, DecoderConfig cfg, DType kvDtype) {
        weights.check(cfg, "decoder weights");
        return new Qwen2Model(cfg, weights, kvDtype);
    }

    public DecoderConfig config() {
        return cfg;
    }

    public Qwen2Weights weights() {
        return w;
    }

    public int hiddenSize() {
        return hidden;
    }

    public int vocabSize() {
        return cfg.vocabSize();
    }

    /** An empty KV cache for one sequence, of the model's KV type. */
    public KvCache newCache() {
        return newCache(kvDtype);
    }

    /** An empty KV cache for one sequence holding {@code dtype} (F32 or F16). */
    public KvCache newCache(DType dtype) {
        return new KvCache(cfg.numHiddenLayers(), kvHeads, headDim, cfg.maxPositionEmbeddings(), dtype);
    }

    /** The embedding of {@code tokenId} into {@code out[off..off+H)}. */
    public void embed(int tokenId, float[] out, int off) {
        if (tokenId < 0 || tokenId >= w.embed().rows()) {
            throw new VibeVoiceException("token id " + tokenId + " is outside the vocabulary (0.." + (w.embed().rows() - 1) + ")");
        }
        w.embed().row(tokenId, out, off);
    }

    /** Embeddings of {@code ids}, row after row ({@code ids.length × H}). */
    public float[] embed(int[] ids) {
        float[] out = new float[ids.length * hidden];
        for (int i = 0; i < ids.length; i++) {
            embed(ids[i], out, i * hidden);
        }
        return out;
    }

    /**
     * Appends T positions to {@code cache} from input embeddings ({@code T × H}, row-major) and writes
     * the final-norm hidden state of the last position into {@code lastHidden[0..H)}.
     */
    public void prefill(KvCache cache, float[] embeds, int T, float[] lastHidden) {
        prefill(cache, embeds, T, lastHidden, false);
    }

    /** As {@link #prefill}, writing the final-norm hidden state of every position ({@code T × H}). */
    public void prefillAll(KvCache cache, float[] embeds, int T, float[] hiddenOut) {
        prefill(cache, embeds, T, hiddenOut, true);
    }

    private void prefill(KvCache cache, float[] embeds, int T, float[] out, boolean all) {
        if (T <= 0) {
            throw new IllegalArgumentException("prefill of " + T + " positions");
        }
        for (int t0 = 0; t0 < T; t0 += PREFILL_ROWS) {
            int n = Math.min(PREFILL_ROWS, T - t0);
            for (int r = 0; r < n; r++) {
                rowCache[r] = cache;
            }
            System.arraycopy(embeds, t0 * hidden, x, 0, n * hidden);
            forward(n);
            if (all) {
                for (int r = 0; r < n; r++) {
                    Ops.rmsNorm(x, r * hidden, w.finalNorm(), eps, out, (t0 + r) * hidden, hidden);
                }
            } else if (t0 + n == T) {
                Ops.rmsNorm(x, (n - 1) * hidden, w.finalNorm(), eps, out, 0, hidden);
            }
        }
    }

    /**
     * Advances B = {@code caches.length} sequences by one position each: row b of {@code embeds}
     * ({@code B × H}) goes into {@code caches[b]} at its next position, and row b of
     * {@code hiddenOut} receives its final-norm hidden state. Every linear layer is one matmul over
     * the B rows (in blocks of {@link #ROWS}). The caches must be distinct.
     */
    public void step(KvCache[] caches, float[] embeds, float[] hiddenOut) {
        step(caches, caches.length, embeds, hiddenOut);
    }

    /** As {@link #step(KvCache[], float[], float[])} for the first {@code batch} caches only. */
    public void step(KvCache[] caches, int batch, float[] embeds, float[] hiddenOut) {
        java.util.Objects.checkFromIndexSize(0, batch, caches.length);
        for (int b0 = 0; b0 < batch; b0 += ROWS) {
            int n = Math.min(ROWS, batch - b0);
            for (int r = 0; r < n; r++) {
                KvCache c = caches[b0 + r];
                for (int s = 0; s < r; s++) {
                    if (rowCache[s] == c) {
                        throw new IllegalArgumentException("the same KV cache appears twice in one step");
                    }
                }
                rowCache[r] = c;
            }
            System.arraycopy(embeds, b0 * hidden, x, 0, n * hidden);
            forward(n);
            for (int r = 0; r < n; r++) {
                Ops.rmsNorm(x, r * hidden, w.finalNorm(), eps, hiddenOut, (b0 + r) * hidden, hidden);
            }
        }
    }

    /**
     * Logits of only the given tokens for row {@code row} of {@code hidden} (final-norm hidden
     * states, H each): {@code out[outOff + i]} = hidden · W_out[tokenIds[i]]. Generation needs four
     * tokens, so the 151936-row output matrix is never streamed.
     */
    public void logits(float[] hidden, int row, int[] tokenIds, float[] out, int outOff) {
        for (int i = 0; i < tokenIds.length; i++) {
            w.lmHead().row(tokenIds[i], lmRow, 0);
            out[outOff + i] = Ops.dot(hidden, row * this.hidden, lmRow, 0, this.hidden);
        }
    }

    /** Full-vocabulary logits of {@code rows} hidden states ({@code rows × V} into {@code out}). */
    public void fullLogits(float[] hidden, int rows, float[] out) {
        if (rows <= ROWS) {
            w.lmHead().matmul(hidden, out, rows);
            return;
        }
        int vocab = w.lmHead().rows();
        float[] in = new float[ROWS * this.hidden];
        float[] res = new float[ROWS * vocab];
        for (int r0 = 0; r0 < rows; r0 += ROWS) {
            int n = Math.min(ROWS, rows - r0);
            System.arraycopy(hidden, r0 * this.hidden, in, 0, n * this.hidden);
            w.lmHead().matmul(in, res, n);
            System.arraycopy(res, 0, out, r0 * vocab, n * vocab);
        }
    }

    /** Runs the n rows in {@code x} (row r belongs to rowCache[r]) through every layer. */
    private void forward(int n) {
        for (int r = 0; r < n; r++) {
            int p = rowCache[r].length();
            for (int s = 0; s < r; s++) {
                if (rowCache[s] == rowCache[r]) {
                    p++;
                }
            }
            pos[r] = p;
            rowCache[r].ensureCapacity(p + 1);
        }
        for (int l = 0; l < w.layers().size(); l++) {
            LayerWeights lw = w.layers().get(l);
            for (int r = 0; r < n; r++) {
                Ops.rmsNorm(x, r * hidden, lw.inputNorm(), eps, a, r * hidden, hidden);
            }
            Matrix.matmul(a, n, qkv[l], qkvOut);
            for (int r = 0; r < n; r++) {
                Ops.add(q, r * qDim, lw.qBias(), 0, qDim);
                Ops.add(k, r * kvDim, lw.kBias(), 0, kvDim);
                Ops.add(v, r * kvDim, lw.vBias(), 0, kvDim);
                rope.apply(q, r * qDim, heads, pos[r]);
                rope.apply(k, r * kvDim, kvHeads, pos[r]);
                rowCache[r].put(l, pos[r], k, r * kvDim, v, r * kvDim);
            }
            for (int r0 = 0; r0 < n; r0 += ROWS) {
                attention.run(rowCache, pos, r0, Math.min(ROWS, n - r0), l, q, att);
            }
            lw.o().matmul(att, proj, n);
            Ops.add(x, 0, proj, 0, n * hidden);

            for (int r = 0; r < n; r++) {
                Ops.rmsNorm(x, r * hidden, lw.postAttentionNorm(), eps, a, r * hidden, hidden);
            }
            Matrix.matmul(a, n, gateUp[l], gateUpOut);
            Ops.siluMul(gate, 0, up, 0, gate, 0, n * ffn);
            lw.down().matmul(gate, proj, n);
            Ops.add(x, 0, proj, 0, n * hidden);
        }
        for (int r = 0; r < n; r++) {
            rowCache[r].setLength(Math.max(rowCache[r].length(), pos[r] + 1));
        }
    }
}
