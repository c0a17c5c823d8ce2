package org.vibevoice.acoustic;

/**
 * The streaming state of a tokenizer encoder or decoder for a batch of independent samples: the
 * causal context of every layer per sample, and the scratch of one chunk (sized once, so feeding a
 * chunk allocates nothing). Made by {@link TokenizerEncoder#newStream} / {@link TokenizerDecoder#newStream}.
 */
public final class TokenizerStream {
    final Object owner;
    final int batch;
    final int maxFrames;
    final StreamBuffer input;
    final Stage.State[] stages;
    final StreamBuffer output;
    final Workspace ws;

    /**
     * @param steps       most time steps per sample in each stage for one chunk
     * @param nextContext left context of the layer that reads each stage
     */
    TokenizerStream(Object owner, int batch, int maxFrames, StreamBuffer input, Stage[] stageModels, int[] steps,
            int[] nextContext, StreamBuffer output) {
        this.owner = owner;
        this.batch = batch;
        this.maxFrames = maxFrames;
        this.input = input;
        this.output = output;
        this.stages = new Stage.State[stageModels.length];
        int rows = 0;
        long rowFloats = 0;
        long hiddenFloats = 0;
        for (int s = 0; s < stageModels.length; s++) {
            stages[s] = stageModels[s].new State(batch, nextContext[s], steps[s]);
            rows = Math.max(rows, steps[s]);
            rowFloats = Math.max(rowFloats, (long) steps[s] * stageModels[s].channels);
            hiddenFloats = Math.max(hiddenFloats, (long) steps[s] * stageModels[s].hiddenWidth());
        }
        ws = new Workspace(batch, Math.multiplyExact(batch, rows), Math.toIntExact(batch * rowFloats),
                Math.toIntExact(batch * hiddenFloats));
    }

    public int batch() {
        return batch;
    }

    /** Most latent frames one call may feed or produce. */
    public int maxFrames() {
        return maxFrames;
    }

    /** Forgets sample b's past (the original's set_to_zero): its next chunk starts as a new stream. */
    public void reset(int b) {
        input.clearHistory(b);
        for (Stage.State st : stages) {
            st.clear(b);
        }
    }

    void check(Object model) {
        if (owner != model) {
            throw new IllegalArgumentException("stream state belongs to another tokenizer");
        }
    }

    /** Every sample, in order. */
    void selectAll() {
        for (int b = 0; b < batch; b++) {
            ws.slots[b] = b;
        }
        ws.active = batch;
    }

    /** The samples {@code slots[0..n)} (distinct, in any order) for the next call. */
    void select(int[] slots, int n) {
        if (n < 1 || n > batch) {
            throw new IllegalArgumentException(n + " samples for a stream of " + batch);
        }
        for (int j = 0; j < n; j++) {
            int b = java.util.Objects.checkIndex(slots[j], batch);
            for (int i = 0; i < j; i++) {
                if (ws.slots[i] == b) {
                    throw new IllegalArgumentException("sample " + b + " appears twice in one call");
                }
            }
            ws.slots[j] = b;
        }
        ws.active = n;
    }
}
