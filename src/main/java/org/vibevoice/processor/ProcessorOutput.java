package org.vibevoice.processor;

/**
 * A batch of prompts as the original processor returns it: left-padded ids and masks [b][L], and the
 * voices of all scripts flattened in order, right-padded with zeros ({@code speechTensors} [nv][max]),
 * with per-voice frame masks ({@code speechMasks} [nv][maxFrames]).
 */
public record ProcessorOutput(int[][] inputIds, int[][] attentionMask, boolean[][] speechInputMask,
        float[][] speechTensors, boolean[][] speechMasks, int[] voiceLengths) {

    public int batchSize() {
        return inputIds.length;
    }

    public int voiceCount() {
        return speechTensors.length;
    }
}
