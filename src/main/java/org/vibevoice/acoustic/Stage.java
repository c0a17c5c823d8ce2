package org.vibevoice.acoustic;

import java.util.Arrays;

/** The Block1D residual blocks of one tokenizer stage, all at the same channel count. */
final class Stage {
    final Block1D[] blocks;
    final int channels;

    Stage(LayerLoader l, String prefix, int depth, int channels, float eps) {
        this.channels = channels;
        this.blocks = new Block1D[depth];
        for (int j = 0; j < depth; j++) {
            blocks[j] = new Block1D(l, prefix + "." + j, channels, eps);
            if (blocks[j].mixerContext() != blocks[0].mixerContext()) {
                throw l.mismatch(prefix + ": blocks of one stage have different mixer kernels");
            }
        }
    }

    int mixerContext() {
        return blocks.length == 0 ? 0 : blocks[0].mixerContext();
    }

    int hiddenWidth() {
        int h = 0;
        for (Block1D b : blocks) {
            h = Math.max(h, b.hiddenWidth);
        }
        return h;
    }

    void addCosts(java.util.List<LayerCost> out, String prefix, long steps) {
        for (int j = 0; j < blocks.length; j++) {
            out.add(blocks[j].cost(prefix + "." + j, steps));
        }
    }

    /** Per-stream buffers of a stage: its activations (with the next layer's context) and the mixers' pasts. */
    final class State {
        final StreamBuffer x;
        final StreamBuffer mix;
        final float[][] mixHistory;

        State(int batch, int nextContext, int capacity) {
            x = new StreamBuffer(batch, channels, nextContext, capacity);
            mix = new StreamBuffer(batch, channels, mixerContext(), capacity);
            mixHistory = new float[blocks.length][batch * mixerContext() * channels];
        }

        void forward(Workspace ws, int t) {
            for (int j = 0; j < blocks.length; j++) {
                blocks[j].forward(ws, x, t, mix, mixHistory[j]);
            }
        }

        void clear(int b) {
            x.clearHistory(b);
            int n = mixerContext() * channels;
            for (float[] h : mixHistory) {
                Arrays.fill(h, b * n, (b + 1) * n, 0f);
            }
        }
    }
}
