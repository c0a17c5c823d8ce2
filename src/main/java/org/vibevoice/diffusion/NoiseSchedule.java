package org.vibevoice.diffusion;

/**
 * The training noise schedule of the diffusion head (spec §6.2): the Glide/iDDPM cosine betas over
 * {@code trainSteps} steps and the σ of every training timestep, in float32 as the original computes
 * them.
 */
final class NoiseSchedule {
    private static final double MAX_BETA = 0.999;

    private final float[] alphasCumprod;
    private final float[] sigmas;

    private NoiseSchedule(float[] alphasCumprod, float[] sigmas) {
        this.alphasCumprod = alphasCumprod;
        this.sigmas = sigmas;
    }

    static NoiseSchedule cosine(int trainSteps) {
        float[] ac = new float[trainSteps];
        float[] sig = new float[trainSteps];
        // torch.cumprod on CPU carries the running product in double and rounds each output to f32
        double running = 1.0;
        for (int i = 0; i < trainSteps; i++) {
            double t1 = (double) i / trainSteps;
            double t2 = (double) (i + 1) / trainSteps;
            float beta = (float) Math.min(1 - alphaBar(t2) / alphaBar(t1), MAX_BETA);
            float alpha = 1f - beta;
            running *= alpha;
            ac[i] = (float) running;
            sig[i] = (float) Math.sqrt((1f - ac[i]) / ac[i]);
        }
        return new NoiseSchedule(ac, sig);
    }

    private static double alphaBar(double t) {
        double c = StrictMath.cos((t + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    int trainSteps() {
        return sigmas.length;
    }

    float alphaCumprod(int t) {
        return alphasCumprod[t];
    }

    /** σ_t = sqrt((1 − ᾱ_t) / ᾱ_t) of training timestep t. */
    float sigma(int t) {
        return sigmas[t];
    }
}
