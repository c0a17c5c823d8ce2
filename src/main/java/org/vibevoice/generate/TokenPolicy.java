package org.vibevoice.generate;

import org.vibevoice.processor.SpecialTokens;

/**
 * Overrides the model's token choice, for benchmarks and tests only: a random-weight model never
 * keeps emitting {@code speech_diffusion} on its own, yet a benchmark needs N frames made by the
 * production path. Attached with {@link Generator#withTokenPolicy}; nothing user-facing sets one.
 * Everything else (LM steps, speculative negative branch, diffusion, decoding) runs unchanged.
 */
@FunctionalInterface
public interface TokenPolicy {
    /** The model decides (what generation always does). */
    TokenPolicy MODEL = (sample, step, modelChoice) -> modelChoice;

    /**
     * The token sample {@code sample} takes at generation step {@code step}, given the one the model
     * chose; must be one of eos, speech_start, speech_end, speech_diffusion.
     */
    int choose(int sample, int step, int modelChoice);

    /** {@code speech_diffusion} for the first {@code frames} steps of every sample, then eos. */
    static TokenPolicy diffuseFrames(int frames) {
        return (sample, step, modelChoice) -> step < frames ? SpecialTokens.SPEECH_DIFFUSION : SpecialTokens.EOS;
    }
}
