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
public final class TokenizerDecoder {
    private final SConv1d stem;
    private final SConvTranspose1d[] upsample;
    private final Stage[] stages;
    private final SConv1d head;
    private final int latentDim;
    private final int outChannels;
    private final int hop;

    TokenizerDecoder(LayerLoader l, String prefix, SpeechTokenizerConfig cfg) {
        int[] depths = cfg.decoderDepths();
        int n = depths.length;
        int[] ratios = cfg.decoderRatios();
        if (ratios.length != n - 1) {
            throw l.mismatch(prefix + ": " + n + " stages need " + (n - 1) + " ratios, config has " + ratios.length);
        }
        float eps = (float) cfg.layernormEps();
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
            input = new StreamBuffer(batch, latentDim, stem.context(), maxFrames);
            stageStates = new Stage.State[stages.length];
            int steps = maxFrames;
            int rows = steps;
            long rowFloats = 0;
            long hiddenFloats = 0;
            for (int s = 0; s < stages.length; s++) {
                if (s > 0) {
                    steps *= upsample[s].stride();
                }
                int next = s + 1 < stages.length ? upsample[s + 1].context() : head.context();
                stageStates[s] = stages[s].new State(batch, next, steps);
                rows = Math.max(rows, steps);
                rowFloats = Math.max(rowFloats, (long) steps * stages[s].channels);
                hiddenFloats = Math.max(hiddenFloats, (long) steps * stages[s].hiddenWidth());
            }
            output = new StreamBuffer(batch, outChannels, 0, steps);
            ws = new Workspace(Math.multiplyExact(batch, rows), Math.toIntExact(batch * rowFloats),
                    Math.toIntExact(batch * hiddenFloats));
        }

        public int batch() {
            return batch;
        }

        public int maxFrames() {
            return maxFrames;
        }

        /** Forgets sample b's past (the original's set_to_zero after speech_end). */
        public void reset(int b) {
            input.clearHistory(b);
            for (Stage.State st : stageStates) {
                st.clear(b);
            }
        }
    }

    /**
     * Decodes the next {@code frames} latent frames of every sample ({@code latents}
     * [batch][frames][latentDim]) into frames·hop samples per sample ({@code audio} [batch][frames·hop]).
     */
    public void forward(Stream st, float[] latents, int frames, float[] audio) {
        if (frames <= 0 || frames > st.maxFrames) {
            throw new IllegalArgumentException(frames + " frames for a stream of up to " + st.maxFrames);
        }
        Workspace ws = st.ws;
        for (int b = 0; b < st.batch; b++) {
            st.input.copyIn(b, latents, b * frames * latentDim, frames);
        }
        int t = stem.forward(ws, st.input, frames, st.stageStates[0].x);
        for (int s = 0; s < stages.length; s++) {
            if (s > 0) {
                t = upsample[s].forward(ws, st.stageStates[s - 1].x, t, st.stageStates[s].x);
            }
            st.stageStates[s].forward(ws, t);
        }
        t = head.forward(ws, st.stageStates[stages.length - 1].x, t, st.output);
        for (int b = 0; b < st.batch; b++) {
            st.output.copyOut(b, t, audio, b * t * outChannels);
        }
    }
}
