package org.vibevoice.acoustic;

import org.vibevoice.model.VibeVoiceConfig.SpeechTokenizerConfig;

/**
 * The σ-VAE acoustic decoder (spec §7.3): a stem conv from the latent, stages of Block1D separated
 * by causal transposed convs (decoder ratios in config order, depths = decoder_depths or the
 * reversed encoder depths), and a head to one audio channel, with no output activation.
 *
 * <p>Like the encoder it always runs as a stream; whole-sequence decoding is the same stream over
 * chunks of frames, and every output step equals the original's non-streaming decode.
 */
public final class TokenizerDecoder implements AutoCloseable {
    private final SConv1d stem;
    private final SConvTranspose1d[] upsample;
    private final Stage[] stages;
    private final SConv1d head;
    private final int latentDim;
    private final int outChannels;
    private final int hop;
    private final java.lang.foreign.Arena arena;

    TokenizerDecoder(LayerLoader l, String prefix, SpeechTokenizerConfig cfg) {
        int[] depths = cfg.decoderDepths();
        int n = depths.length;
        int[] ratios = cfg.decoderRatios();
        if (ratios.length != n - 1) {
            throw l.mismatch(prefix + ": " + n + " stages need " + (n - 1) + " ratios, config has " + ratios.length);
        }
        float eps = (float) cfg.layernormEps();
        arena = l.arena();
        stem = new SConv1d(l.conv(prefix + ".upsample_layers.0.0.conv.conv", 1, 1));
        upsample = new SConvTranspose1d[n];
        stages = new Stage[n];
        int channels = stem.conv.outChannels();
        int h = 1;
        for (int s = 0; s < n; s++) {
            if (s > 0) {
                String name = prefix + ".upsample_layers." + s + ".0.convtr.convtr";
                upsample[s] = new SConvTranspose1d(l.convTranspose(name, ratios[s - 1]));
                if (upsample[s].conv.inChannels() != channels) {
                    throw l.mismatch(name + ": input channels do not match the previous stage");
                }
                channels = upsample[s].conv.outChannels();
                h *= ratios[s - 1];
            }
            stages[s] = new Stage(l, prefix + ".stages." + s, depths[s], channels, eps);
        }
        head = new SConv1d(l.conv(prefix + ".head.conv.conv", 1, 1));
        if (head.conv.inChannels() != channels) {
            throw l.mismatch(prefix + ".head: input channels do not match the last stage");
        }
        latentDim = stem.conv.inChannels();
        outChannels = head.conv.outChannels();
        hop = h;
    }

    /** Loads and packs {@code prefix}.* of a checkpoint (e.g. model.acoustic_tokenizer.decoder). */
    public static TokenizerDecoder load(org.vibevoice.model.Weights weights, String prefix, SpeechTokenizerConfig cfg) {
        return LayerLoader.build(weights, l -> new TokenizerDecoder(l, prefix, cfg));
    }

    /** Releases the packed weights. */
    @Override
    public void close() {
        arena.close();
    }

    /** Output samples per latent frame (3200). */
    public int hopLength() {
        return hop;
    }

    public int latentDim() {
        return latentDim;
    }

    /** Work of each layer to decode one frame. */
    public java.util.List<LayerCost> layerCosts() {
        java.util.List<LayerCost> out = new java.util.ArrayList<>();
        out.add(new LayerCost("stem", stem.conv.macsPerStep(), stem.conv.weightBytes()));
        long steps = 1;
        for (int s = 0; s < stages.length; s++) {
            if (s > 0) {
                out.add(new LayerCost("upsample." + s, steps * upsample[s].conv.macsPerStep(), upsample[s].conv.weightBytes()));
                steps *= upsample[s].stride();
            }
            stages[s].addCosts(out, "stage." + s, steps);
        }
        out.add(new LayerCost("head", steps * head.conv.macsPerStep(), head.conv.weightBytes()));
        return out;
    }

    /** Streaming state of a batch of independent samples, for up to {@code maxFrames} frames per call. */
    public TokenizerStream newStream(int batch, int maxFrames) {
        int[] steps = new int[stages.length];
        int[] next = new int[stages.length];
        int t = maxFrames;
        for (int s = 0; s < stages.length; s++) {
            if (s > 0) {
                t *= upsample[s].stride();
            }
            steps[s] = t;
            next[s] = s + 1 < stages.length ? upsample[s + 1].context() : head.context();
        }
        return new TokenizerStream(this, batch, maxFrames, new StreamBuffer(batch, latentDim, stem.context(), maxFrames),
                stages, steps, next, new StreamBuffer(batch, outChannels, 0, t));
    }

    /**
     * Decodes the next {@code frames} latent frames of every sample ({@code latents}
     * [batch][frames][latentDim]) into frames·hop samples per sample ({@code audio} [batch][frames·hop]).
     */
    public void forward(TokenizerStream st, float[] latents, int frames, float[] audio) {
        st.check(this);
        st.selectAll();
        run(st, latents, frames, audio);
    }

    /**
     * As {@link #forward(TokenizerStream, float[], int, float[])} for only the samples
     * {@code slots[0..n)} of the stream, in one sweep of the weights; row j of {@code latents}
     * ([n][frames][latentDim]) and of {@code audio} belongs to sample {@code slots[j]}. The other
     * samples' streams are left as they are.
     */
    public void forward(TokenizerStream st, int[] slots, int n, float[] latents, int frames, float[] audio) {
        st.check(this);
        st.select(slots, n);
        run(st, latents, frames, audio);
    }

    private void run(TokenizerStream st, float[] latents, int frames, float[] audio) {
        if (frames <= 0 || frames > st.maxFrames) {
            throw new IllegalArgumentException(frames + " frames for a stream of up to " + st.maxFrames);
        }
        Workspace ws = st.ws;
        for (int j = 0; j < ws.active; j++) {
            st.input.copyIn(ws.slots[j], latents, j * frames * latentDim, frames);
        }
        int t = stem.forward(ws, st.input, frames, st.stages[0].x);
        for (int s = 0; s < stages.length; s++) {
            if (s > 0) {
                t = upsample[s].forward(ws, st.stages[s - 1].x, t, st.stages[s].x);
            }
            st.stages[s].forward(ws, t);
        }
        t = head.forward(ws, st.stages[stages.length - 1].x, t, st.output);
        for (int j = 0; j < ws.active; j++) {
            st.output.copyOut(ws.slots[j], t, audio, j * t * outChannels);
        }
    }
}
