package org.vibevoice.generate;

import org.vibevoice.diffusion.DpmSolver;

/**
 * Settings of one generation call.
 *
 * @param cfgScale classifier-free guidance scale (the demos use 1.3)
 * @param diffusionSteps DPM-Solver steps per frame (the demo forces 10)
 * @param maxNewTokens cap on generated tokens; 0 or less means the model's context limit (spec §11)
 * @param solver ODE DPM-Solver++ (the CLI demo) or its SDE variant (the web demo)
 * @param voiceNoise sample voice-prompt latents with the σ-VAE noise as the original does; false
 *     uses the encoder means (deterministic)
 */
public record GenerationParams(float cfgScale, int diffusionSteps, int maxNewTokens, DpmSolver.Algorithm solver,
        boolean voiceNoise) {

    public static final GenerationParams DEFAULTS = new GenerationParams(1.3f, 10, 0,
            DpmSolver.Algorithm.DPMSOLVER_PP, true);

    public GenerationParams {
        if (!(cfgScale >= 1f) || !Float.isFinite(cfgScale)) {
            throw new IllegalArgumentException("cfg scale must be a finite number >= 1, got " + cfgScale);
        }
        if (diffusionSteps < 1 || diffusionSteps > 100) {
            throw new IllegalArgumentException("diffusion steps must be 1..100, got " + diffusionSteps);
        }
    }

    public GenerationParams withCfgScale(float v) {
        return new GenerationParams(v, diffusionSteps, maxNewTokens, solver, voiceNoise);
    }

    public GenerationParams withDiffusionSteps(int v) {
        return new GenerationParams(cfgScale, v, maxNewTokens, solver, voiceNoise);
    }

    public GenerationParams withMaxNewTokens(int v) {
        return new GenerationParams(cfgScale, diffusionSteps, v, solver, voiceNoise);
    }

    public GenerationParams withSolver(DpmSolver.Algorithm v) {
        return new GenerationParams(cfgScale, diffusionSteps, maxNewTokens, v, voiceNoise);
    }
}
