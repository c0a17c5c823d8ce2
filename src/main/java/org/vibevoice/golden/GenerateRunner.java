package org.vibevoice.golden;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vibevoice.generate.GenerationListener;
import org.vibevoice.generate.GenerationParams;
import org.vibevoice.generate.GenerationResult;
import org.vibevoice.generate.Generator;
import org.vibevoice.generate.VibeVoiceModel;
import org.vibevoice.processor.ProcessorOutput;
import org.vibevoice.processor.SpecialTokens;
import org.vibevoice.random.NoiseSource;
import org.vibevoice.random.RecordedNoise;
import org.vibevoice.random.TorchGenerator;
import org.vibevoice.tensor.Tensor;

/**
 * Kinds {@code generate} (noise injected from the case) and {@code generate_seeded} (noise from the
 * torch-compatible generator seeded with {@code in.seed}): the whole generation loop on the
 * processor outputs of the case.
 */
public final class GenerateRunner implements KindRunner {
    private final boolean seeded;

    private GenerateRunner(boolean seeded) {
        this.seeded = seeded;
    }

    public static GenerateRunner injected() {
        return new GenerateRunner(false);
    }

    public static GenerateRunner seeded() {
        return new GenerateRunner(true);
    }

    @Override
    public String kind() {
        return seeded ? "generate_seeded" : "generate";
    }

    @Override
    public CaseOutputs run(GoldenCase c, GoldenContext ctx) {
        VibeVoiceModel model = GoldenModels.model(ctx, c.modelDir());
        ProcessorOutput in = processorInputs(c);
        GenerationParams params = GenerationParams.DEFAULTS.withCfgScale((float) c.metaDouble("cfg_scale"))
                .withDiffusionSteps(c.metaInt("steps")).withMaxNewTokens(c.metaInt("max_new_tokens"));
        RecordingNoise noise = new RecordingNoise(seeded ? new TorchGenerator(c.in("seed").getLong(0))
                : new RecordedNoise(c.in("noise_voice_std").toFloats(), c.in("noise_voice_latent").toFloats(),
                        c.in("noise").toFloats()));
        List<float[]> audio = new ArrayList<>();
        List<List<float[]>> logits = new ArrayList<>();
        GenerationListener collect = new GenerationListener() {
            @Override
            public void onAudio(int sample, float[] chunk, int offset, int length) {
                audio.add(Arrays.copyOfRange(chunk, offset, offset + length));
            }

            @Override
            public void onLogits(int sample, int step, float[] l) {
                while (logits.size() <= sample) {
                    logits.add(new ArrayList<>());
                }
                logits.get(sample).add(l.clone());
            }
        };
        GenerationResult r = new Generator(model).generate(in, params, noise, collect, null, Generator.Keep.LATENTS_AND_CONDITIONS);
        long[] seq = sequences(in, r);
        int rowLength = seq.length / in.batchSize();
        int padded = in.inputIds()[0].length;
        return new CaseOutputs()
                .put("sequences", seq)
                .explain("sequences", i -> decision(logits, i / rowLength, i % rowLength - padded,
                        c.expected("sequences").getLong(i)))
                .putRows("latents", List.of(r.latents()))
                .putRows("audio", audio)
                .putRows("draws", noise.draws)
                .putRows("pos_conditions", List.of(r.conditions()[0]))
                .putRows("neg_conditions", List.of(r.conditions()[1]));
    }

    private static final int[] ALLOWED = {SpecialTokens.EOS, SpecialTokens.SPEECH_START, SpecialTokens.SPEECH_END,
        SpecialTokens.SPEECH_DIFFUSION};
    private static final String[] NAMES = {"eos", "speech_start", "speech_end", "speech_diffusion"};

    /**
     * Why generation step {@code step} of sample {@code b} chose another token than the fixture:
     * the logit margin by which this run's choice won over the expected token. A margin far below
     * the logits' error at 16-bit weights (lm_* tolerances) means the reference decision was a
     * near-tie that this precision cannot reproduce.
     */
    private static String decision(List<List<float[]>> logits, int b, int step, long expectedToken) {
        if (step < 0 || b >= logits.size() || step >= logits.get(b).size()) {
            return null;
        }
        float[] l = logits.get(b).get(step);
        int best = 0;
        int want = -1;
        for (int k = 0; k < ALLOWED.length; k++) {
            if (l[k] > l[best]) {
                best = k;
            }
            if (ALLOWED[k] == expectedToken) {
                want = k;
            }
        }
        if (want < 0) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "step %d chose %s over the expected %s by a logit margin of %.2e "
                + "(%s %.5f, %s %.5f)", step, NAMES[best], NAMES[want], l[best] - l[want], NAMES[best], l[best],
                NAMES[want], l[want]);
    }

    /** The processor tensors the case gives as inputs. */
    static ProcessorOutput processorInputs(GoldenCase c) {
        Tensor ids = c.in("input_ids");
        int b = ids.dim(0);
        int len = ids.dim(1);
        int[][] inputIds = rows(c.in("input_ids").toInts(), b, len);
        int[][] attention = rows(c.in("attention_mask").toInts(), b, len);
        boolean[] sm = c.in("speech_input_mask").toBooleans();
        boolean[][] speechInputMask = new boolean[b][len];
        for (int i = 0; i < b; i++) {
            System.arraycopy(sm, i * len, speechInputMask[i], 0, len);
        }
        float[][] speech = new float[0][];
        boolean[][] masks = new boolean[0][];
        if (c.hasInput("speech_tensors")) {
            Tensor st = c.in("speech_tensors");
            int nv = st.dim(0);
            int samples = st.dim(1);
            float[] flat = st.toFloats();
            speech = new float[nv][];
            for (int v = 0; v < nv; v++) {
                speech[v] = Arrays.copyOfRange(flat, v * samples, (v + 1) * samples);
            }
            Tensor mt = c.in("speech_masks");
            boolean[] mflat = mt.toBooleans();
            int frames = mt.dim(1);
            masks = new boolean[nv][frames];
            for (int v = 0; v < nv; v++) {
                System.arraycopy(mflat, v * frames, masks[v], 0, frames);
            }
        }
        int[] lengths = new int[speech.length];
        for (int v = 0; v < speech.length; v++) {
            lengths[v] = speech[v].length;
        }
        return new ProcessorOutput(inputIds, attention, speechInputMask, speech, masks, lengths);
    }

    private static int[][] rows(int[] flat, int b, int len) {
        int[][] out = new int[b][];
        for (int i = 0; i < b; i++) {
            out[i] = Arrays.copyOfRange(flat, i * len, (i + 1) * len);
        }
        return out;
    }

    /** As the original returns them: each padded prompt row, then every step's token (eos once finished). */
    private static long[] sequences(ProcessorOutput in, GenerationResult r) {
        int b = in.batchSize();
        int padded = in.inputIds()[0].length;
        int generated = 0;
        for (int i = 0; i < b; i++) {
            generated = Math.max(generated, r.sequences()[i].length - r.promptLengths()[i]);
        }
        long[] out = new long[b * (padded + generated)];
        for (int i = 0; i < b; i++) {
            int base = i * (padded + generated);
            for (int t = 0; t < padded; t++) {
                out[base + t] = in.inputIds()[i][t];
            }
            int[] seq = r.sequences()[i];
            int gen = seq.length - r.promptLengths()[i];
            for (int t = 0; t < generated; t++) {
                out[base + padded + t] = t < gen ? seq[r.promptLengths()[i] + t] : SpecialTokens.EOS;
            }
        }
        return out;
    }

    /** Passes draws through and keeps a copy of every value, in logical order (the fixtures' {@code draws}). */
    private static final class RecordingNoise implements NoiseSource {
        final NoiseSource inner;
        final List<float[]> draws = new ArrayList<>();

        RecordingNoise(NoiseSource inner) {
            this.inner = inner;
        }

        @Override
        public void normal(float[] out, int off, int n) {
            inner.normal(out, off, n);
            draws.add(Arrays.copyOfRange(out, off, off + n));
        }

        @Override
        public void normalLike(float[] out, int off, int[] shape, int[] memoryOrder) {
            inner.normalLike(out, off, shape, memoryOrder);
            draws.add(Arrays.copyOfRange(out, off, off + NoiseSource.numel(shape)));
        }
    }
}
