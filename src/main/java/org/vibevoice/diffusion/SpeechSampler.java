package org.vibevoice.diffusion;

import java.util.Locale;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.model.VibeVoiceConfig.DiffusionHeadConfig;
import org.vibevoice.random.NoiseSource;

/**
 * Samples one speech latent per sequence from the diffusion head with classifier-free guidance
 * ({@code sample_speech_tokens}, spec §4–§6): the B conditional and B unconditional rows run as one
 * batch of 2B through every head layer (one weight sweep per step), both halves seeing the same x;
 * {@code v = v_u + cfg·(v_c − v_u)}; then one DPM-Solver++ step on x. The condition projection is
 * computed once per frame and the timestep embeddings once per schedule. Scratch is kept between
 * calls, so sampling allocates nothing once warm. Not thread-safe: one sampler per generation thread.
 */
public final class SpeechSampler {
    private final DiffusionHead head;
    private final DpmSolver.Algorithm algorithm;
    private final int trainSteps;
    private final DiffusionHead.Workspace ws;
    /** Per inference-step count: the solver and the t_emb rows of its timesteps (steps × H). */
    private final DpmSolver[] solvers;
    private final float[][] timeEmbeddings;

    private int batch;
    private float[] cond = new float[0];
    private float[] condProj = new float[0];
    private float[] c = new float[0];
    private float[] input = new float[0];
    private float[] v = new float[0];
    private float[] guided = new float[0];
    private float[] x = new float[0];
    private float[] x0 = new float[0];
    private float[] x0Prev = new float[0];
    private float[] z = new float[0];
    private float[] initial = new float[0];

    public SpeechSampler(DiffusionHead head, int trainSteps, DpmSolver.Algorithm algorithm) {
        this.head = head;
        this.trainSteps = trainSteps;
        this.algorithm = algorithm;
        this.ws = head.newWorkspace();
        this.solvers = new DpmSolver[trainSteps];
        this.timeEmbeddings = new float[trainSteps][];
    }

    /** The sampler the model's config describes ({@code ddpm_num_steps}, cosine betas, v-prediction). */
    public static SpeechSampler create(DiffusionHead head, DiffusionHeadConfig cfg, DpmSolver.Algorithm algorithm) {
        String schedule = cfg.betaSchedule().toLowerCase(Locale.ROOT);
        if (!schedule.equals("cosine") && !schedule.equals("squaredcos_cap_v2")) {
            throw new VibeVoiceException("diffusion_head_config.ddpm_beta_schedule '" + cfg.betaSchedule()
                    + "' is not supported (only cosine)");
        }
        if (!cfg.predictionType().equals("v_prediction")) {
            throw new VibeVoiceException("diffusion_head_config.prediction_type '" + cfg.predictionType()
                    + "' is not supported (only v_prediction)");
        }
        return new SpeechSampler(head, cfg.ddpmNumSteps(), algorithm);
    }

    public DiffusionHead head() {
        return head;
    }

    public DpmSolver.Algorithm algorithm() {
        return algorithm;
    }

    /** The solver used for {@code steps} inference steps (timesteps, σ table). */
    public DpmSolver solver(int steps) {
        if (steps < 1 || steps >= trainSteps) {
            throw new VibeVoiceException("diffusion steps must be between 1 and " + (trainSteps - 1) + ", not " + steps);
        }
        if (solvers[steps] == null) {
            DpmSolver s = DpmSolver.create(trainSteps, steps, algorithm);
            float[] ts = new float[steps];
            for (int i = 0; i < steps; i++) {
                ts[i] = s.timestep(i);
            }
            float[] emb = new float[steps * head.hiddenSize()];
            head.timestepEmbedding(ts, steps, emb, ws);
            timeEmbeddings[steps] = emb;
            solvers[steps] = s;
        }
        return solvers[steps];
    }

    /**
     * Samples B latents drawing the noise as the original does: one {@code randn(2B, latent)} per call
     * (the first B rows are the initial x), plus one per solver step with the SDE variant.
     */
    public void sample(float[] pos, float[] neg, int batch, float cfg, int steps, NoiseSource noise, float[] latentOut) {
        ensure(batch);
        noise.normal(initial, 0, 2 * batch * head.latentSize());
        sample(pos, neg, batch, cfg, steps, initial, noise, latentOut, null);
    }

    /** Deterministic solver from a given initial x (B × latent). */
    public void sample(float[] pos, float[] neg, int batch, float cfg, int steps, float[] initialNoise, float[] latentOut) {
        sample(pos, neg, batch, cfg, steps, initialNoise, null, latentOut, null);
    }

    /**
     * The sampler in full. {@code pos}/{@code neg}: B × H conditions (LM hidden states with and without
     * the prompt); {@code initialNoise}: the first B × latent values are x at the first step;
     * {@code stepNoise}: source of the SDE variant's per-step noise, one {@code randn(2B, latent)} per
     * step of which rows 0..B−1 are used (may be null for the ODE solver); {@code latentOut}: B × latent;
     * {@code stepLatents}: if not null, x after every step (steps × B × latent).
     */
    public void sample(float[] pos, float[] neg, int batch, float cfg, int steps, float[] initialNoise,
            NoiseSource stepNoise, float[] latentOut, float[] stepLatents) {
        DpmSolver solver = solver(steps);
        int hd = head.hiddenSize();
        int cd = head.conditionSize();
        int lat = head.latentSize();
        int n = batch * lat;
        check(batch >= 1, "batch must be at least 1");
        check(Float.isFinite(cfg), "cfg scale must be finite");
        check(pos.length >= batch * cd && neg.length >= batch * cd, "conditions need " + batch + " × " + cd + " values");
        check(initialNoise.length >= n && latentOut.length >= n, "noise and output need " + batch + " × " + lat + " values");
        check(stepLatents == null || stepLatents.length >= steps * n, "step latents need " + steps + " × " + n + " values");
        check(!solver.needsNoise() || stepNoise != null, "the SDE solver needs a noise source");
        ensure(batch);
        int rows = 2 * batch;
        System.arraycopy(pos, 0, cond, 0, batch * cd);
        System.arraycopy(neg, 0, cond, batch * cd, batch * cd);
        head.projectCondition(cond, rows, condProj);
        System.arraycopy(initialNoise, 0, x, 0, n);
        float[] temb = timeEmbeddings[steps];
        for (int i = 0; i < steps; i++) {
            int t = i * hd;
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < hd; j++) {
                    c[r * hd + j] = condProj[r * hd + j] + temb[t + j];
                }
            }
            System.arraycopy(x, 0, input, 0, n);
            System.arraycopy(x, 0, input, n, n);
            head.predict(input, c, rows, v, ws);
            for (int k = 0; k < n; k++) {
                float u = v[n + k];
                guided[k] = u + cfg * (v[k] - u);
            }
            if (solver.needsNoise()) {
                // the original draws randn_like(model_output), i.e. [2B, latent]; rows B.. move the discarded half
                stepNoise.normal(z, 0, rows * lat);
            }
            solver.step(i, guided, x, x0, x0Prev, z, n);
            float[] swap = x0;
            x0 = x0Prev;
            x0Prev = swap;
            if (stepLatents != null) {
                System.arraycopy(x, 0, stepLatents, i * n, n);
            }
        }
        System.arraycopy(x, 0, latentOut, 0, n);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private void ensure(int b) {
        if (b <= batch) {
            return;
        }
        int rows = 2 * b;
        int hd = head.hiddenSize();
        int lat = head.latentSize();
        cond = new float[rows * head.conditionSize()];
        condProj = new float[rows * hd];
        c = new float[rows * hd];
        input = new float[rows * lat];
        v = new float[rows * lat];
        guided = new float[b * lat];
        x = new float[b * lat];
        x0 = new float[b * lat];
        x0Prev = new float[b * lat];
        z = new float[rows * lat];
        initial = new float[rows * lat];
        batch = b;
    }
}
