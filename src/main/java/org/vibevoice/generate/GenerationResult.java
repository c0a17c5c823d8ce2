package org.vibevoice.generate;

/**
 * What a generation call produced, per sample: the full token sequence (prompt, then generated
 * tokens), the number of audio frames, and whether it stopped at the step limit. Audio went to the
 * listener as it was made.
 *
 * @param latents when kept ({@link Generator.Keep}): the latents of every diffusion call (K ×
 *     latent, normalised space, before un-scaling); otherwise null
 * @param conditions when kept: the positive and negative diffusion conditions of every call (K × H
 *     each), for parity checks; otherwise null
 * @param kvCacheBytes bytes the KV caches (both CFG branches of every sample) held at the end
 */
public record GenerationResult(int[][] sequences, int[] promptLengths, int[] frames, float[][] latents,
        boolean[] reachedStepLimit, boolean stopped, float[][][] conditions, long kvCacheBytes) {
}
