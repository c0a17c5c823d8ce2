package org.vibevoice.acoustic;

import org.vibevoice.model.Connector;

/**
 * Voice prompts to LM input embeddings (the prefill's speech rows, spec §3.2 and §7.5): encode each
 * padded voice signal, sample the latents with the given noise, scale them into feature space and
 * run the acoustic connector on the frames that the speech masks mark as real.
 */
public final class VoicePromptEmbedder {
    private final AcousticEncoder encoder;
    private final LatentScaling scaling;
    private final Connector connector;

    /** The features of every frame and the embeddings of the masked frames. */
    public record Result(float[][][] features, float[] embeds, int rows) {
    }

    public VoicePromptEmbedder(AcousticEncoder encoder, LatentScaling scaling, Connector connector) {
        if (connector.inputDim() != encoder.latentDim()) {
            throw new IllegalArgumentException("connector takes " + connector.inputDim() + " values, latents have " + encoder.latentDim());
        }
        this.encoder = encoder;
        this.scaling = scaling;
        this.connector = connector;
    }

    /**
     * @param speech     voice signals [nv][samples] (right zero-padded rows are fine)
     * @param masks      [nv][frames], true for the frames of each voice's real length
     * @param noiseStd   [nv] standard normals, or null for the deterministic mean-only option
     * @param noiseLatent [nv][frames][latentDim] standard normals (null with noiseStd)
     * @return features [nv][frames][latentDim] and embeddings [count of true masks][H], voice 0 first
     */
    public Result embed(float[][] speech, boolean[][] masks, float[] noiseStd, float[][][] noiseLatent) {
        float[][][] latents = encoder.sample(encoder.encode(speech), noiseStd, noiseLatent);
        int dim = encoder.latentDim();
        int rows = 0;
        for (int v = 0; v < latents.length; v++) {
            for (int t = 0; t < latents[v].length; t++) {
                scaling.toFeatures(latents[v][t], 0, dim, latents[v][t], 0);
                if (t < masks[v].length && masks[v][t]) {
                    rows++;
                }
            }
        }
        float[] selected = new float[rows * dim];
        int r = 0;
        for (int v = 0; v < latents.length; v++) {
            for (int t = 0; t < latents[v].length; t++) {
                if (t < masks[v].length && masks[v][t]) {
                    System.arraycopy(latents[v][t], 0, selected, r++ * dim, dim);
                }
            }
        }
        float[] embeds = new float[rows * connector.outputDim()];
        connector.apply(selected, rows, embeds);
        return new Result(latents, embeds, rows);
    }
}
