package org.vibevoice.generate;

/**
 * What a generation call produced, per sample: the full token sequence (prompt, then generated
 * tokens), the latents of its diffusion calls (K × latent, normalised space, before un-scaling),
 * and whether it stopped at the step limit. Audio went to the listener as it was made.
 *
 * @param conditions when recorded: the positive and negative diffusion conditions of every call
 *     (K × H each), for parity checks; otherwise null
 */
public record GenerationResult(int[][] sequences, int[] promptLengths, float[][] latents, boolean[] reachedStepLimit,
        boolean stopped, float[][][] conditions) {

    /** Number of audio frames sample {@code i} produced. */
    public int frames(int i, int latentDim) {
        return latents[i].length / latentDim;
    }
}
