package org.vibevoice.generate;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.acoustic.AcousticDecoder;
import org.vibevoice.acoustic.LatentScaling;
import org.vibevoice.acoustic.TokenizerStream;
import org.vibevoice.acoustic.VoicePromptEmbedder;
import org.vibevoice.diffusion.SpeechSampler;
import org.vibevoice.generate.GenerationStats.Phase;
import org.vibevoice.lm.KvCache;
import org.vibevoice.lm.Qwen2Model;
import org.vibevoice.model.Connector;
import org.vibevoice.processor.ProcessorOutput;
import org.vibevoice.processor.SpecialTokens;
import org.vibevoice.random.NoiseSource;
import org.vibevoice.semantic.SemanticEncoder;

/**
 * The generation loop (spec §11, fixture README §5) for a batch of prompts. Each sample has its own
 * positive KV cache, negative (CFG) KV cache and slot in the streaming tokenizer states; all samples
 * step through every module together, so each weight is streamed once per step whatever the batch:
 * the LM (both branches of every running sample in one sweep), the diffusion head (all CFG rows),
 * the acoustic decoder and the semantic encoder (every sample that made a frame). The negative
 * branch consumes the same input embedding as the positive one, so from the second step on it is
 * run speculatively in the same weight sweep and its cache entry is taken back when the sample made
 * no frame. Once the prompts are prefilled, a step allocates nothing.
 */
public final class Generator {
    /** The tokens the constraint processor leaves, in increasing id order (torch's argmax keeps the first on ties). */
    static final int[] ALLOWED = {SpecialTokens.EOS, SpecialTokens.SPEECH_START, SpecialTokens.SPEECH_END,
        SpecialTokens.SPEECH_DIFFUSION};

    private final VibeVoiceModel model;
    private final TokenPolicy policy;
    private final GenerationStats stats;

    public Generator(VibeVoiceModel model) {
        this(model, TokenPolicy.MODEL, null);
    }

    private Generator(VibeVoiceModel model, TokenPolicy policy, GenerationStats stats) {
        this.model = model;
        this.policy = policy;
        this.stats = stats;
    }

    /** This generator with the token choice overridden (benchmarks and tests; see {@link TokenPolicy}). */
    public Generator withTokenPolicy(TokenPolicy p) {
        return new Generator(model, java.util.Objects.requireNonNull(p), stats);
    }

    /** This generator accumulating per-phase timings of its calls into {@code s}. */
    public Generator withStats(GenerationStats s) {
        return new Generator(model, policy, java.util.Objects.requireNonNull(s));
    }

    /**
     * What a call keeps for its {@link GenerationResult} besides tokens and frame counts. Audio is
     * never kept (it goes to the listener), so with {@link #FRAMES} a long-form generation holds
     * nothing that grows with its length but the KV caches and the token sequences.
     */
    public enum Keep {
        /** Frame counts only: long-form synthesis. */
        FRAMES,
        /** Every frame's latents (K × latent floats): parity checks, conversion tests. */
        LATENTS,
        /** Latents and every diffusion call's positive and negative conditions: golden fixtures. */
        LATENTS_AND_CONDITIONS
    }

    /**
     * Generates speech for every prompt of {@code in}. Noise is drawn from {@code noise} in the
     * original's order: voice-prompt std, voice-prompt latent noise, then one {@code randn(2·|D|, 64)}
     * per diffusion call. {@code stop} is polled before every step.
     */
    public GenerationResult generate(ProcessorOutput in, GenerationParams params, NoiseSource noise,
            GenerationListener listener, BooleanSupplier stop, Keep keep) {
        return new Run(in, params, noise, listener, stop, keep).execute();
    }

    private final class Run {
        final ProcessorOutput in;
        final GenerationParams params;
        final NoiseSource noise;
        final GenerationListener listener;
        final BooleanSupplier stop;
        final boolean record;
        final boolean keepLatents;

        final Qwen2Model lm = model.lm();
        final AcousticDecoder decoder = model.acousticDecoder();
        final SemanticEncoder semantic = model.semanticEncoder();
        final Connector acousticConnector = model.acousticConnector();
        final Connector semanticConnector = model.semanticConnector();
        final LatentScaling scaling = model.scaling();
        final SpeechSampler sampler;
        final int batch;
        final int hidden;
        final int latentDim;
        final int semanticDim;
        final int hop;

        final KvCache[] positive;
        final KvCache[] negative;
        final TokenizerStream decodeState;
        final TokenizerStream semanticState;
        final GenerationStats timing;
        final int[] promptLength;
        final int[] maxStep;
        final boolean[] finished;
        final boolean[] reachedLimit;
        final int[] token;
        final float[] hiddenPos;
        final float[] hiddenNeg;
        final float[] next;
        final float[] logits = new float[ALLOWED.length];
        final GrowableInts[] sequences;
        final int[] frames;
        final GrowableFloats[] latents;
        final GrowableFloats[][] conditions;
        final float[] posD;
        final float[] negD;
        final float[] latentD;
        final float[] semanticD;
        final float[] acousticOut;
        final float[] semanticOut;
        final float[] z;
        final float[] audio;
        final int[] diffusing;
        // one LM sweep: the running samples' positive rows, then their negative rows
        final int[] running;
        final KvCache[] stepCaches;
        final float[] stepEmbeds;
        final float[] stepHidden;

        Run(ProcessorOutput in, GenerationParams params, NoiseSource noise, GenerationListener listener,
                BooleanSupplier stop, Keep keep) {
            this.in = in;
            this.params = params;
            this.noise = noise;
            this.listener = listener == null ? GenerationListener.NONE : listener;
            this.stop = stop == null ? () -> false : stop;
            this.record = keep == Keep.LATENTS_AND_CONDITIONS;
            this.keepLatents = keep != Keep.FRAMES;
            sampler = model.sampler(params.solver());
            batch = in.batchSize();
            hidden = lm.hiddenSize();
            latentDim = decoder.latentDim();
            semanticDim = semantic.latentDim();
            hop = decoder.hopLength();
            positive = new KvCache[batch];
            negative = new KvCache[batch];
            decodeState = decoder.newStreamState(batch);
            semanticState = semantic.newStreamState(batch);
            timing = stats == null ? new GenerationStats(0) : stats;
            promptLength = new int[batch];
            maxStep = new int[batch];
            finished = new boolean[batch];
            reachedLimit = new boolean[batch];
            token = new int[batch];
            hiddenPos = new float[batch * hidden];
            hiddenNeg = new float[batch * hidden];
            next = new float[batch * hidden];
            sequences = new GrowableInts[batch];
            frames = new int[batch];
            latents = keepLatents ? new GrowableFloats[batch] : null;
            conditions = record ? new GrowableFloats[2][batch] : null;
            posD = new float[batch * hidden];
            negD = new float[batch * hidden];
            latentD = new float[batch * latentDim];
            semanticD = new float[batch * semanticDim];
            acousticOut = new float[batch * hidden];
            semanticOut = new float[batch * hidden];
            z = new float[batch * latentDim];
            audio = new float[batch * hop];
            diffusing = new int[batch];
            running = new int[batch];
            stepCaches = new KvCache[2 * batch];
            stepEmbeds = new float[2 * batch * hidden];
            stepHidden = new float[2 * batch * hidden];
        }

        GenerationResult execute() {
            long t = System.nanoTime();
            float[][] prompts = promptEmbeddings();
            t = timing.add(Phase.VOICE_PROMPT, t);
            int padded = in.inputIds()[0].length;
            int maxPositions = lm.config().maxPositionEmbeddings();
            int maxLength = params.maxNewTokens() > 0 ? Math.min(maxPositions, padded + params.maxNewTokens())
                    : maxPositions;
            int maxSteps = Math.min(maxLength - padded, 2 * padded);
            for (int i = 0; i < batch; i++) {
                positive[i] = lm.newCache();
                negative[i] = lm.newCache();
                maxStep[i] = Math.min(maxLength - promptLength[i], 2 * promptLength[i]);
                sequences[i] = new GrowableInts(in.inputIds()[i], padded - promptLength[i]);
                if (keepLatents) {
                    latents[i] = new GrowableFloats();
                }
                if (record) {
                    conditions[0][i] = new GrowableFloats();
                    conditions[1][i] = new GrowableFloats();
                }
                float[] h = new float[hidden];
                lm.prefill(positive[i], prompts[i], promptLength[i], h);
                System.arraycopy(h, 0, hiddenPos, i * hidden, hidden);
                // What the negative branch consumes first: its own speech_start (spec §4).
                lm.embed(SpecialTokens.SPEECH_START, next, i * hidden);
            }
            timing.add(Phase.PREFILL, t);
            boolean stopped = false;
            for (int step = 0; step < maxSteps; step++) {
                if (allFinished()) {
                    break;
                }
                if (stop.getAsBoolean()) {
                    stopped = true;
                    break;
                }
                timing.beginStep();
                t = System.nanoTime();
                if (step > 0) {
                    forwardBothBranches();
                    t = timing.add(Phase.LM, t);
                }
                int nd = chooseTokens(step);
                t = timing.add(Phase.TOKENS, t);
                if (step == 0 && nd > 0) {
                    forwardNegativeFirst(nd);
                    timing.add(Phase.LM, t);
                }
                if (nd > 0) {
                    diffuse(nd);
                }
                timing.endStep(nd);
            }
            for (int i = 0; i < batch; i++) {
                if (!finished[i]) {
                    finished[i] = true;
                    listener.onFinished(i, false);
                }
            }
            return result(stopped);
        }

        private boolean allFinished() {
            for (boolean f : finished) {
                if (!f) {
                    return false;
                }
            }
            return true;
        }

        /** Prompt embeddings per sample (pads dropped), voice-prompt frames spliced in (spec §3.2). */
        private float[][] promptEmbeddings() {
            float[] voiceEmbeds = null;
            int voiceRows = 0;
            if (in.voiceCount() > 0) {
                int nv = in.voiceCount();
                int frames = in.speechMasks()[0].length;
                float[] std = null;
                float[][][] latentNoise = null;
                if (params.voiceNoise()) {
                    std = new float[nv];
                    noise.normal(std, 0, nv);
                    // randn_like of the encoder mean: a [nv, frames, latent] view of a [nv, latent, frames] tensor
                    float[] flat = new float[nv * frames * latentDim];
                    noise.normalLike(flat, 0, new int[] {nv, frames, latentDim}, new int[] {0, 2, 1});
                    latentNoise = new float[nv][frames][latentDim];
                    for (int v = 0; v < nv; v++) {
                        for (int t = 0; t < frames; t++) {
                            System.arraycopy(flat, (v * frames + t) * latentDim, latentNoise[v][t], 0, latentDim);
                        }
                    }
                }
                VoicePromptEmbedder.Result r = model.voiceEmbedder().embed(in.speechTensors(), in.speechMasks(), std,
                        latentNoise);
                voiceEmbeds = r.embeds();
                voiceRows = r.rows();
            }
            float[][] out = new float[batch][];
            int used = 0;
            for (int i = 0; i < batch; i++) {
                int[] ids = in.inputIds()[i];
                int pad = 0;
                while (pad < ids.length && in.attentionMask()[i][pad] == 0) {
                    pad++;
                }
                promptLength[i] = ids.length - pad;
                if (promptLength[i] == 0) {
                    throw new VibeVoiceException("prompt " + i + " is empty");
                }
                float[] e = new float[promptLength[i] * hidden];
                for (int t = 0; t < promptLength[i]; t++) {
                    if (in.speechInputMask()[i][pad + t]) {
                        if (used >= voiceRows) {
                            throw new VibeVoiceException("the prompts hold more speech placeholders than the voices have frames ("
                                    + voiceRows + ")");
                        }
                        System.arraycopy(voiceEmbeds, used++ * hidden, e, t * hidden, hidden);
                    } else {
                        lm.embed(ids[pad + t], e, t * hidden);
                    }
                }
                out[i] = e;
            }
            if (used != voiceRows) {
                throw new VibeVoiceException("the voices have " + voiceRows + " frames but the prompts hold " + used
                        + " speech placeholders");
            }
            return out;
        }

        /** One LM sweep: every running sample's positive step and its speculative negative step. */
        private void forwardBothBranches() {
            int n = 0;
            for (int i = 0; i < batch; i++) {
                if (!finished[i]) {
                    running[n++] = i;
                }
            }
            for (int r = 0; r < n; r++) {
                int i = running[r];
                stepCaches[r] = positive[i];
                stepCaches[n + r] = negative[i];
                System.arraycopy(next, i * hidden, stepEmbeds, r * hidden, hidden);
                System.arraycopy(next, i * hidden, stepEmbeds, (n + r) * hidden, hidden);
            }
            lm.step(stepCaches, 2 * n, stepEmbeds, stepHidden);
            for (int r = 0; r < n; r++) {
                int i = running[r];
                System.arraycopy(stepHidden, r * hidden, hiddenPos, i * hidden, hidden);
                System.arraycopy(stepHidden, (n + r) * hidden, hiddenNeg, i * hidden, hidden);
            }
        }

        /** Chooses every running sample's token, applies eos / limit / resets; returns |D|. */
        private int chooseTokens(int step) {
            int nd = 0;
            for (int i = 0; i < batch; i++) {
                if (finished[i]) {
                    continue;
                }
                lm.logits(hiddenPos, i, ALLOWED, logits, 0);
                listener.onLogits(i, step, logits);
                int best = 0;
                for (int k = 1; k < ALLOWED.length; k++) {
                    if (logits[k] > logits[best]) {
                        best = k;
                    }
                }
                int t = policy.choose(i, step, ALLOWED[best]);
                token[i] = t;
                sequences[i].add(t);
                listener.onToken(i, step, t);
                if (step > 0 && t != SpecialTokens.SPEECH_DIFFUSION) {
                    negative[i].truncate(negative[i].length() - 1);
                }
                boolean limit = false;
                if (t == SpecialTokens.EOS) {
                    finished[i] = true;
                } else if (step >= maxStep[i]) {
                    finished[i] = true;
                    reachedLimit[i] = true;
                    limit = true;
                }
                if (t == SpecialTokens.SPEECH_END) {
                    decodeState.reset(i);
                    semanticState.reset(i);
                }
                if (t == SpecialTokens.SPEECH_START && !finished[i]) {
                    negative[i].reset();
                }
                if (finished[i]) {
                    listener.onFinished(i, limit);
                }
                if (!finished[i] && t == SpecialTokens.SPEECH_DIFFUSION) {
                    diffusing[nd++] = i;
                } else {
                    lm.embed(t, next, i * hidden);
                }
            }
            return nd;
        }

        /** Step 0: the negative branches of the samples that make a frame take their first token. */
        private void forwardNegativeFirst(int nd) {
            for (int j = 0; j < nd; j++) {
                int i = diffusing[j];
                stepCaches[j] = negative[i];
                System.arraycopy(next, i * hidden, stepEmbeds, j * hidden, hidden);
            }
            lm.step(stepCaches, nd, stepEmbeds, stepHidden);
            for (int j = 0; j < nd; j++) {
                System.arraycopy(stepHidden, j * hidden, hiddenNeg, diffusing[j] * hidden, hidden);
            }
        }

        /** One frame for each sample in D: sample the latents, decode, encode back, next embeddings. */
        private void diffuse(int nd) {
            long t = System.nanoTime();
            for (int j = 0; j < nd; j++) {
                int i = diffusing[j];
                System.arraycopy(hiddenPos, i * hidden, posD, j * hidden, hidden);
                System.arraycopy(hiddenNeg, i * hidden, negD, j * hidden, hidden);
                if (record) {
                    conditions[0][i].add(posD, j * hidden, hidden);
                    conditions[1][i].add(negD, j * hidden, hidden);
                }
            }
            sampler.sample(posD, negD, nd, params.cfgScale(), params.diffusionSteps(), noise, latentD);
            t = timing.add(Phase.DIFFUSION, t);
            for (int j = 0; j < nd; j++) {
                frames[diffusing[j]]++;
                if (keepLatents) {
                    latents[diffusing[j]].add(latentD, j * latentDim, latentDim);
                }
                scaling.toLatents(latentD, j * latentDim, latentDim, z, j * latentDim);
            }
            decoder.decodeFrames(decodeState, diffusing, nd, z, audio);
            for (int j = 0; j < nd; j++) {
                listener.onAudio(diffusing[j], audio, j * hop, hop);
            }
            t = timing.add(Phase.DECODE, t);
            semantic.encodeChunks(semanticState, diffusing, nd, audio, semanticD);
            t = timing.add(Phase.SEMANTIC, t);
            acousticConnector.apply(latentD, nd, acousticOut);
            semanticConnector.apply(semanticD, nd, semanticOut);
            for (int j = 0; j < nd; j++) {
                int i = diffusing[j];
                for (int c = 0; c < hidden; c++) {
                    next[i * hidden + c] = acousticOut[j * hidden + c] + semanticOut[j * hidden + c];
                }
            }
            timing.add(Phase.CONNECT, t);
        }

        private GenerationResult result(boolean stopped) {
            int[][] seqs = new int[batch][];
            float[][] lat = keepLatents ? new float[batch][] : null;
            float[][][] cond = record ? new float[2][batch][] : null;
            long kvBytes = 0;
            for (int i = 0; i < batch; i++) {
                seqs[i] = sequences[i].toArray();
                kvBytes += positive[i].byteSize() + negative[i].byteSize();
                if (keepLatents) {
                    lat[i] = latents[i].toArray();
                }
                if (record) {
                    cond[0][i] = conditions[0][i].toArray();
                    cond[1][i] = conditions[1][i].toArray();
                }
            }
            return new GenerationResult(seqs, promptLength.clone(), frames.clone(), lat, reachedLimit.clone(), stopped,
                    cond, kvBytes);
        }
    }

    /** An int list seeded with a prompt's non-pad ids. */
    private static final class GrowableInts {
        private int[] a;
        private int n;

        GrowableInts(int[] ids, int from) {
            a = Arrays.copyOfRange(ids, from, ids.length + 64);
            n = ids.length - from;
        }

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, 2 * n);
            }
            a[n++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    private static final class GrowableFloats {
        private float[] a = new float[256];
        private int n;

        void add(float[] src, int off, int len) {
            if (n + len > a.length) {
                a = Arrays.copyOf(a, Math.max(2 * a.length, n + len));
            }
            System.arraycopy(src, off, a, n, len);
            n += len;
        }

        float[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
