package org.vibevoice.acoustic;

import org.vibevoice.model.VibeVoiceConfig.SpeechTokenizerConfig;

/**
 * The σ-VAE tokenizer encoder (spec §7.2), shared by the acoustic and semantic tokenizers: a stem
 * conv, stages of Block1D separated by strided causal convs (encoder ratios reversed), and a head
 * to the latent width. Sizes come from the config and the weight shapes.
 *
 * <p>It always runs as a stream of chunks; a whole-signal encode is the same stream over chunks of
 * whole frames plus a final partial chunk, which the per-layer right padding makes identical to the
 * original's non-streaming encode.
 */
public final class TokenizerEncoder implements AutoCloseable {
    /** Frames per chunk when encoding a whole signal: bounds the scratch (~13 MB at 1.5B sizes). */
    private static final int SIGNAL_CHUNK_FRAMES = 8;

    private final SConv1d[] downsample;
    private final Stage[] stages;
    private final SConv1d head;
    private final int inChannels;
    private final int latentDim;
    private final int hop;
    private final java.lang.foreign.Arena arena;

    /** Loads {@code prefix}.downsample_layers / stages / head (prefix e.g. model.acoustic_tokenizer.encoder). */
    TokenizerEncoder(LayerLoader l, String prefix, SpeechTokenizerConfig cfg) {
        int n = cfg.encoderDepths().length;
        int[] ratios = cfg.encoderRatios();
        if (ratios.length != n - 1) {
            throw l.mismatch(prefix + ": " + n + " stages need " + (n - 1) + " ratios, config has " + ratios.length);
        }
        float eps = (float) cfg.layernormEps();
        arena = l.arena();
        downsample = new SConv1d[n];
        stages = new Stage[n];
        for (int s = 0; s < n; s++) {
            int stride = s == 0 ? 1 : ratios[ratios.length - s];
            String conv = prefix + ".downsample_layers." + s + ".0.conv.conv";
            downsample[s] = new SConv1d(l.conv(conv, stride, 1));
            int channels = downsample[s].conv.outChannels();
            if (s > 0 && downsample[s].conv.inChannels() != stages[s - 1].channels) {
                throw l.mismatch(conv + ": input channels do not match the previous stage");
            }
            stages[s] = new Stage(l, prefix + ".stages." + s, cfg.encoderDepths()[s], channels, eps);
        }
        head = new SConv1d(l.conv(prefix + ".head.conv.conv", 1, 1));
        if (head.conv.inChannels() != stages[n - 1].channels) {
            throw l.mismatch(prefix + ".head: input channels do not match the last stage");
        }
        inChannels = downsample[0].conv.inChannels();
        latentDim = head.conv.outChannels();
        int h = 1;
        for (SConv1d d : downsample) {
            h *= d.stride();
        }
        hop = h;
    }

    /** Loads and packs {@code prefix}.* of a checkpoint (e.g. model.semantic_tokenizer.encoder). */
    public static TokenizerEncoder load(org.vibevoice.model.Weights weights, String prefix, SpeechTokenizerConfig cfg) {
        return LayerLoader.build(weights, l -> new TokenizerEncoder(l, prefix, cfg));
    }

    /** Releases the packed weights. */
    @Override
    public void close() {
        arena.close();
    }

    /** Input samples per latent frame (3200). */
    public int hopLength() {
        return hop;
    }

    public int latentDim() {
        return latentDim;
    }

    /** Work of each layer to encode one frame (hop input steps). */
    public java.util.List<LayerCost> layerCosts() {
        java.util.List<LayerCost> out = new java.util.ArrayList<>();
        long steps = hop;
        for (int s = 0; s < stages.length; s++) {
            steps /= downsample[s].stride();
            out.add(new LayerCost("downsample." + s, steps * downsample[s].conv.macsPerStep(), downsample[s].conv.weightBytes()));
            stages[s].addCosts(out, "stage." + s, steps);
        }
        out.add(new LayerCost("head", steps * head.conv.macsPerStep(), head.conv.weightBytes()));
        return out;
    }

    /**
     * Encodes whole signals (one channel each, any lengths): signal b gives ceil(len_b / hop) frames
     * [frames][latentDim], equal to the original's non-streaming encode, also for the first frames
     * of a signal that was zero-padded on the right in a batch.
     */
    public float[][][] encodeSignals(float[][] signals) {
        float[][][] out = new float[signals.length][][];
        TokenizerStream st = null;
        float[] frames = new float[SIGNAL_CHUNK_FRAMES * latentDim];
        for (int b = 0; b < signals.length; b++) {
            float[] x = signals[b];
            int total = (x.length + hop - 1) / hop;
            out[b] = new float[total][latentDim];
            if (total == 0) {
                continue;
            }
            if (st == null) {
                st = newStream(1, SIGNAL_CHUNK_FRAMES);
            } else {
                st.reset(0);
            }
            int done = 0;
            for (int pos = 0; pos < x.length; pos += SIGNAL_CHUNK_FRAMES * hop) {
                int n = Math.min(SIGNAL_CHUNK_FRAMES * hop, x.length - pos);
                float[] chunk = java.util.Arrays.copyOfRange(x, pos, pos + n);
                int f = forward(st, chunk, n, frames);
                for (int i = 0; i < f; i++) {
                    System.arraycopy(frames, i * latentDim, out[b][done + i], 0, latentDim);
                }
                done += f;
            }
        }
        return out;
    }

    /** Streaming state of a batch of independent signals, for chunks of up to {@code maxFrames} frames. */
    public TokenizerStream newStream(int batch, int maxFrames) {
        int[] steps = new int[stages.length];
        int[] next = new int[stages.length];
        int t = maxFrames * hop;
        for (int s = 0; s < stages.length; s++) {
            t /= downsample[s].stride();
            steps[s] = t;
            next[s] = s + 1 < stages.length ? downsample[s + 1].context() : head.context();
        }
        return new TokenizerStream(this, batch, maxFrames, new StreamBuffer(batch, inChannels, downsample[0].context(), maxFrames * hop),
                stages, steps, next, new StreamBuffer(batch, latentDim, 0, maxFrames));
    }

    /**
     * Feeds the next n input steps of every sample ({@code audio} [batch][n][channels]) and writes
     * ceil(n / hop) latent frames per sample to {@code out} [batch][frames][latentDim]. In a stream
     * n is a multiple of the hop; only the last chunk of a whole signal may be shorter.
     *
     * @return frames written per sample
     */
    public int forward(TokenizerStream st, float[] audio, int n, float[] out) {
        st.check(this);
        st.selectAll();
        return run(st, audio, n, out);
    }

    /**
     * As {@link #forward(TokenizerStream, float[], int, float[])} for only the samples
     * {@code slots[0..count)} of the stream, in one sweep of the weights; row j of {@code audio}
     * ([count][n][channels]) and of {@code out} belongs to sample {@code slots[j]}. The other
     * samples' streams are left as they are.
     */
    public int forward(TokenizerStream st, int[] slots, int count, float[] audio, int n, float[] out) {
        st.check(this);
        st.select(slots, count);
        return run(st, audio, n, out);
    }

    private int run(TokenizerStream st, float[] audio, int n, float[] out) {
        if (n <= 0 || n > st.maxFrames * hop) {
            throw new IllegalArgumentException("chunk of " + n + " steps for a stream of up to " + st.maxFrames * hop);
        }
        Workspace ws = st.ws;
        for (int j = 0; j < ws.active; j++) {
            st.input.copyIn(ws.slots[j], audio, j * n * inChannels, n);
        }
        int t = downsample[0].forward(ws, st.input, n, st.stages[0].x);
        for (int s = 0; s < stages.length; s++) {
            st.stages[s].forward(ws, t);
            if (s + 1 < stages.length) {
                t = downsample[s + 1].forward(ws, st.stages[s].x, t, st.stages[s + 1].x);
            }
        }
        t = head.forward(ws, st.stages[stages.length - 1].x, t, st.output);
        for (int j = 0; j < ws.active; j++) {
            st.output.copyOut(ws.slots[j], t, out, j * t * latentDim);
        }
        return t;
    }
}
