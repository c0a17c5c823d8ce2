package org.vibevoice.diffusion;

import java.util.Locale;
import org.vibevoice.VibeVoiceException;

/**
 * Multistep DPM-Solver++ of order 2 (midpoint), v-prediction, for one number of inference steps (spec
 * §6): the timesteps, σ table and per-step coefficients, all scalar quantities evaluated in float32 in
 * the original's order (so results match the fixtures' step latents), and the element-wise update.
 * The first step and the last are first order; the last returns the data prediction x0 exactly.
 * Immutable; the caller keeps the sample and the previous x0.
 */
public final class DpmSolver {
    /** {@code algorithm_type}: the deterministic ODE solver, or its SDE variant (fresh noise every step). */
    public enum Algorithm {
        DPMSOLVER_PP("dpmsolver++"), SDE_DPMSOLVER_PP("sde-dpmsolver++");

        private final String label;

        Algorithm(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Parses the original's names ({@code dpmsolver++}, {@code sde-dpmsolver++}). */
        public static Algorithm parse(String s) {
            for (Algorithm a : values()) {
                if (a.label.equals(s.toLowerCase(Locale.ROOT))) {
                    return a;
                }
            }
            throw new VibeVoiceException("unknown solver '" + s + "' (use dpmsolver++ or sde-dpmsolver++)");
        }
    }

    private final Algorithm algorithm;
    private final int[] timesteps;
    private final float[] sigmas;
    /** x0 = alphaS·x − sigmaS·v at step i. */
    private final float[] alphaS;
    private final float[] sigmaS;
    /** x ← cx·x + k0·D0 [+ k1·D1] [+ kz·z], with D1 = invR0·(x0 − x0_prev) on second-order steps. */
    private final float[] cx;
    private final float[] k0;
    private final float[] k1;
    private final float[] invR0;
    private final float[] kz;
    private final boolean[] secondOrder;

    private DpmSolver(Algorithm algorithm, NoiseSchedule schedule, int steps) {
        this.algorithm = algorithm;
        int train = schedule.trainSteps();
        if (steps < 1 || steps >= train) {
            throw new VibeVoiceException("diffusion steps must be between 1 and " + (train - 1) + ", not " + steps);
        }
        timesteps = linspaceTimesteps(train, steps);
        sigmas = new float[steps + 1];
        for (int i = 0; i < steps; i++) {
            sigmas[i] = schedule.sigma(timesteps[i]);
        }
        sigmas[steps] = 0f;
        alphaS = new float[steps];
        sigmaS = new float[steps];
        cx = new float[steps];
        k0 = new float[steps];
        k1 = new float[steps];
        invR0 = new float[steps];
        kz = new float[steps];
        secondOrder = new boolean[steps];
        for (int i = 0; i < steps; i++) {
            coefficients(i);
        }
    }

    /** The solver for {@code steps} inference steps over the cosine schedule of {@code trainSteps}. */
    public static DpmSolver create(int trainSteps, int steps, Algorithm algorithm) {
        return new DpmSolver(algorithm, NoiseSchedule.cosine(trainSteps), steps);
    }

    /**
     * round(linspace(0, train−1, steps+1)) reversed without its last element, numpy's way: element i is
     * i·((train−1)/steps) in double, the last exactly train−1, rounded half to even.
     */
    static int[] linspaceTimesteps(int train, int steps) {
        double step = (double) (train - 1) / steps;
        int[] ts = new int[steps];
        for (int k = 0; k < steps; k++) {
            int i = steps - k;
            double v = i == steps ? train - 1 : i * step;
            ts[k] = (int) Math.rint(v);
        }
        return ts;
    }

    private static float alpha(float sigma) {
        return 1f / (float) Math.sqrt(sigma * sigma + 1f);
    }

    private static float logf(float x) {
        return (float) Math.log(x);
    }

    private static float expf(float x) {
        return (float) Math.exp(x);
    }

    private static float lambda(float sigma) {
        float a = alpha(sigma);
        return logf(a) - logf(sigma * a);
    }

    private void coefficients(int i) {
        int last = timesteps.length - 1;
        alphaS[i] = alpha(sigmas[i]);
        sigmaS[i] = sigmas[i] * alphaS[i];
        if (i == last) {
            // σ = 0 next: α = 1, s = 0, λ = +∞, so the update is x0 itself (any SDE noise gets weight 0)
            cx[i] = 0f;
            k0[i] = 1f;
            return;
        }
        float alphaT = alpha(sigmas[i + 1]);
        float sigmaT = sigmas[i + 1] * alphaT;
        float h = lambda(sigmas[i + 1]) - lambda(sigmas[i]);
        boolean sde = algorithm == Algorithm.SDE_DPMSOLVER_PP;
        if (sde) {
            float e2 = expf(-2f * h);
            cx[i] = sigmaT / sigmaS[i] * expf(-h);
            k0[i] = alphaT * (1f - e2);
            kz[i] = sigmaT * (float) Math.sqrt(1f - e2);
        } else {
            cx[i] = sigmaT / sigmaS[i];
            // "x − c·D" is computed as "x + (−c)·D": the same float result
            k0[i] = -(alphaT * (expf(-h) - 1f));
        }
        if (i > 0) {
            secondOrder[i] = true;
            float h0 = lambda(sigmas[i]) - lambda(sigmas[i - 1]);
            invR0[i] = 1f / (h0 / h);
            // −(0.5·c) = 0.5·(−c) exactly, so the ODE's negated coefficient halves the same way
            k1[i] = 0.5f * k0[i];
        }
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    public int steps() {
        return timesteps.length;
    }

    /** The training timestep of step i (999, 899, … for 10 steps). */
    public int timestep(int i) {
        return timesteps[i];
    }

    public int[] timesteps() {
        return timesteps.clone();
    }

    /** σ_i for i = 0..steps (σ_steps = 0). */
    public float sigma(int i) {
        return sigmas[i];
    }

    /** Whether step i uses the previous step's x0 (second order). */
    public boolean isSecondOrder(int i) {
        return secondOrder[i];
    }

    /** Whether each step consumes fresh noise z (SDE variant). */
    public boolean needsNoise() {
        return algorithm == Algorithm.SDE_DPMSOLVER_PP;
    }

    /**
     * Step i on n values: x0 ← α_i·x − s_i·v (into {@code x0}), then x updated in place. {@code x0Prev}
     * is step i−1's x0 (read only on second-order steps); {@code z} the step's noise (SDE only, else
     * ignored, may be null).
     */
    public void step(int i, float[] v, float[] x, float[] x0, float[] x0Prev, float[] z, int n) {
        float a = alphaS[i];
        float s = sigmaS[i];
        float c = cx[i];
        float d0 = k0[i];
        boolean last = i == timesteps.length - 1;
        for (int k = 0; k < n; k++) {
            x0[k] = a * x[k] - s * v[k];
        }
        if (last) {
            System.arraycopy(x0, 0, x, 0, n);
            return;
        }
        if (isSecondOrder(i)) {
            float r = invR0[i];
            float d1 = k1[i];
            for (int k = 0; k < n; k++) {
                float dd = r * (x0[k] - x0Prev[k]);
                x[k] = c * x[k] + d0 * x0[k] + d1 * dd;
            }
        } else {
            for (int k = 0; k < n; k++) {
                x[k] = c * x[k] + d0 * x0[k];
            }
        }
        if (needsNoise()) {
            float w = kz[i];
            for (int k = 0; k < n; k++) {
                x[k] = x[k] + w * z[k];
            }
        }
    }
}
