package org.vibevoice.convert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vibevoice.diffusion.DiffusionHead;
import org.vibevoice.generate.GenerationListener;
import org.vibevoice.generate.GenerationParams;
import org.vibevoice.generate.GenerationResult;
import org.vibevoice.generate.Generator;
import org.vibevoice.generate.VibeVoiceModel;
import org.vibevoice.lm.Qwen2Model;
import org.vibevoice.model.Connector;
import org.vibevoice.processor.ProcessorOutput;
import org.vibevoice.processor.SpecialTokens;
import org.vibevoice.processor.VibeVoiceProcessor;
import org.vibevoice.random.TorchGenerator;
import org.vibevoice.tensor.FloatArrays;

/**
 * Runs every module of one model on fixed deterministic inputs (sizes from the model's config),
 * and a short generation with a given voice and seeded noise, so two checkpoints can be compared
 * output by output.
 */
final class ModuleProbe {
    /** The text of the end-to-end generation (the original converter's test sentence). */
    static final String SCRIPT = "Speaker 1: Hello, this is a test of the VibeVoice model conversion.";
    static final int LM_TOKENS = 12;
    static final int ROWS = 4;
    static final long SEED = 42;
    private static final int[] ALLOWED = {SpecialTokens.EOS, SpecialTokens.SPEECH_START, SpecialTokens.SPEECH_END,
        SpecialTokens.SPEECH_DIFFUSION};

    /** Module outputs by name, and the generation's tokens, latents, audio and per-step allowed logits. */
    record Outputs(Map<String, float[]> modules, int[] tokens, float[] latents, int latentDim, float[] audio,
            List<float[]> logits) {
        int frames() {
            return latents.length / latentDim;
        }
    }

    private ModuleProbe() {
    }

    static Outputs run(VibeVoiceModel m, float[] voice, int maxNewTokens) {
        Map<String, float[]> out = new LinkedHashMap<>();
        lm(m, out);
        diffusion(m.diffusionHead(), out);
        float[][] audio = {voice};
        out.put("acoustic_encode", FloatArrays.flatten(m.acousticEncoder().encode(audio)));
        out.put("semantic_encode", FloatArrays.flatten(m.semanticEncoder().encode(audio)));
        int frames = Math.max(1, voice.length / m.hopLength());
        int latentDim = m.acousticDecoder().latentDim();
        float[] z = TestSignals.gaussian(frames * latentDim, 3);
        float[][][] latents = new float[1][frames][latentDim];
        for (int f = 0; f < frames; f++) {
            System.arraycopy(z, f * latentDim, latents[0][f], 0, latentDim);
        }
        out.put("acoustic_decode", m.acousticDecoder().decode(latents)[0]);
        out.put("acoustic_connector", connector(m.acousticConnector(), 5));
        out.put("semantic_connector", connector(m.semanticConnector(), 6));
        return generate(m, voice, maxNewTokens, out);
    }

    /** A prefill of fixed token ids: every final-norm hidden state, and the last position's four generation logits. */
    private static void lm(VibeVoiceModel m, Map<String, float[]> out) {
        Qwen2Model lm = m.lm();
        int[] ids = new int[LM_TOKENS];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (int) ((1000L + 7919L * i) % lm.vocabSize());
        }
        float[] hidden = new float[LM_TOKENS * lm.hiddenSize()];
        lm.prefillAll(lm.newCache(), lm.embed(ids), LM_TOKENS, hidden);
        float[] logits = new float[ALLOWED.length];
        lm.logits(hidden, LM_TOKENS - 1, ALLOWED, logits, 0);
        out.put("lm_hidden", hidden);
        out.put("lm_logits", logits);
    }

    /** The head on rows of gaussian noisy latents and conditions at timesteps across the schedule. */
    private static void diffusion(DiffusionHead head, Map<String, float[]> out) {
        float[] noisy = TestSignals.gaussian(ROWS * head.latentSize(), 1);
        float[] condition = TestSignals.gaussian(ROWS * head.conditionSize(), 2);
        float[] t = {999, 500, 100, 1};
        float[] prediction = new float[ROWS * head.latentSize()];
        head.forward(noisy, t, condition, ROWS, prediction, head.newWorkspace());
        out.put("diffusion_head", prediction);
    }

    private static float[] connector(Connector c, long seed) {
        float[] y = new float[ROWS * c.outputDim()];
        c.apply(TestSignals.gaussian(ROWS * c.inputDim(), seed), ROWS, y);
        return y;
    }

    private static Outputs generate(VibeVoiceModel m, float[] voice, int maxNewTokens, Map<String, float[]> modules) {
        VibeVoiceProcessor processor = m.processor();
        ProcessorOutput in = processor.process(List.of(new VibeVoiceProcessor.Request(SCRIPT, List.of(voice))));
        List<float[]> audio = new ArrayList<>();
        List<float[]> logits = new ArrayList<>();
        GenerationListener listener = new GenerationListener() {
            @Override
            public void onAudio(int sample, float[] chunk, int offset, int length) {
                audio.add(java.util.Arrays.copyOfRange(chunk, offset, offset + length));
            }

            @Override
            public void onLogits(int sample, int step, float[] l) {
                logits.add(l.clone());
            }
        };
        GenerationParams params = GenerationParams.DEFAULTS.withMaxNewTokens(maxNewTokens);
        GenerationResult r = new Generator(m).generate(in, params, new TorchGenerator(SEED), listener, null, Generator.Keep.LATENTS);
        int[] seq = r.sequences()[0];
        int[] tokens = java.util.Arrays.copyOfRange(seq, r.promptLengths()[0], seq.length);
        return new Outputs(modules, tokens, r.latents()[0], m.acousticDecoder().latentDim(), FloatArrays.concat(audio), logits);
    }
}
