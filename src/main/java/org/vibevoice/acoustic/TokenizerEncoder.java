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
public final class TokenizerEncoder {
    /** Frames per chunk when encoding a whole signal: bounds the scratch (~13 MB at 1.5B sizes). */
    private static final int SIGNAL_CHUNK_FRAMES = 8;

    private final SConv1d[] downsample;
    private final Stage[] stages;
    private final SConv1d head;
    private final int inChannels;
    private final int latentDim;
    private final int hop;

    /** Loads {@code prefix}.downsample_layers / stages / head (prefix e.g. model.acoustic_tokenizer.encoder). */
    TokenizerEncoder(LayerLoader l, String prefix, SpeechTokenizerConfig cfg) {
        int n = cfg.encoderDepths().length;
        int[] ratios = cfg.encoderRatios();
        if (ratios.length != n - 1) {
            throw l.mismatch(prefix + ": " + n + " stages need " + (n - 1) + " ratios, config has " + ratios.length);
        }
        float eps = (float) cfg.layernormEps();
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

    /** Loads {@code prefix}.* of a checkpoint, packing weights into {@code arena}. */
    public static TokenizerEncoder load(org.vibevoice.model.Weights weights, String prefix, SpeechTokenizerConfig cfg,
            java.lang.foreign.Arena arena) {
        return new TokenizerEncoder(new LayerLoader(weights, arena), prefix, cfg);
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
        Stream st = null;
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
    public Stream newStream(int batch, int maxFrames) {
        return new Stream(batch, maxFrames);
    }

    /** Causal state of every layer for each sample, and the scratch for one chunk. */
    public final class Stream {
        final int batch;
        final int maxFrames;
        final StreamBuffer input;
        final Stage.State[] stageStates;
        final StreamBuffer output;
        final Workspace ws;

        private Stream(int batch, int maxFrames) {
            this.batch = batch;
            this.maxFrames = maxFrames;
            int steps = maxFrames * hop;
            input = new StreamBuffer(batch, inChannels, downsample[0].context(), steps);
            stageStates = new Stage.State[stages.length];
            int rows = steps;
            long rowFloats = 0;
            long hiddenFloats = 0;
            for (int s = 0; s < stages.length; s++) {
                steps /= downsample[s].stride();
                int next = s + 1 < stages.length ? downsample[s + 1].context() : head.context();
                stageStates[s] = stages[s].new State(batch, next, steps);
                rows = Math.max(rows, steps);
                rowFloats = Math.max(rowFloats, (long) steps * stages[s].channels);
                hiddenFloats = Math.max(hiddenFloats, (long) steps * stages[s].hiddenWidth());
            }
            output = new StreamBuffer(batch, latentDim, 0, maxFrames);
            ws = new Workspace(Math.multiplyExact(batch, rows), Math.toIntExact(batch * rowFloats),
                    Math.toIntExact(batch * hiddenFloats));
        }

        public int batch() {
            return batch;
        }

        public int maxFrames() {
            return maxFrames;
        }

        /** Forgets sample b's past (the original's set_to_zero): its next chunk starts a new signal. */
        public void reset(int b) {
            input.clearHistory(b);
            for (Stage.State st : stageStates) {
                st.clear(b);
            }
        }
    }

    /**
     * Feeds the next n input steps of every sample ({@code audio} [batch][n][channels]) and writes
     * ceil(n / hop) latent frames per sample to {@code out} [batch][frames][latentDim]. In a stream
     * n is a multiple of the hop; only the last chunk of a whole signal may be shorter.
     *
     * @return frames written per sample
     */
    public int forward(Stream st, float[] audio, int n, float[] out) {
        if (n <= 0 || n > st.maxFrames * hop) {
            throw new IllegalArgumentException("chunk of " + n + " steps for a stream of up to " + st.maxFrames * hop);
        }
        Workspace ws = st.ws;
        for (int b = 0; b < st.batch; b++) {
            st.input.copyIn(b, audio, b * n * inChannels, n);
        }
        int t = downsample[0].forward(ws, st.input, n, st.stageStates[0].x);
        for (int s = 0; s < stages.length; s++) {
            st.stageStates[s].forward(ws, t);
            if (s + 1 < stages.length) {
                t = downsample[s + 1].forward(ws, st.stageStates[s].x, t, st.stageStates[s + 1].x);
            }
        }
        t = head.forward(ws, st.stageStates[stages.length - 1].x, t, st.output);
        for (int b = 0; b < st.batch; b++) {
            st.output.copyOut(b, t, out, b * t * latentDim);
        }
        return t;
    }
}
