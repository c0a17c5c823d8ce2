package org.vibevoice.processor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.audio.Loudness;

/**
 * Builds the prompt exactly as the original processor does (spec §10.3, fixture README §3): system
 * prompt, voice section with one speech placeholder per 3200-sample frame of each voice, the
 * script's lines, and "Speech output:" followed by speech_start. Every text piece is encoded alone.
 */
public final class VibeVoiceProcessor {
    static final String SYSTEM_PROMPT = " Transform the text provided by various speakers into speech output, "
            + "utilizing the distinct voice of each respective speaker.\n";

    private final TextEncoder encoder;
    private final int samplesPerFrame;
    private final boolean dbNormalize;

    /**
     * @param dbNormalize normalise each voice to −25 dBFS as the original processor does
     *     ({@code db_normalize} in preprocessor_config.json)
     */
    public VibeVoiceProcessor(TextEncoder encoder, int samplesPerFrame, boolean dbNormalize) {
        this.encoder = encoder;
        this.samplesPerFrame = samplesPerFrame;
        this.dbNormalize = dbNormalize;
    }

    /** One script with its voices (24 kHz mono samples; the caller's arrays are not changed). */
    public record Request(String script, List<float[]> voices) {
    }

    /** The prompt of one script. */
    /** A prompt and the (normalised) voices it uses. */
    public record Prompt(int[] ids, boolean[] speechMask, List<float[]> usedVoices) {
    }

    public int framesFor(int samples) {
        return (samples + samplesPerFrame - 1) / samplesPerFrame;
    }

    public Prompt prompt(String script, List<float[]> voices) {
        List<ScriptLine> lines = ScriptParser.parse(script, null);
        if (lines.isEmpty()) {
            throw new VibeVoiceException("the script has no 'Speaker N:' line");
        }
        int speakers = ScriptParser.speakerCount(lines);
        List<float[]> used = new ArrayList<>();
        for (float[] v : voices.subList(0, Math.min(speakers, voices.size()))) {
            used.add(dbNormalize ? Loudness.normalize(v.clone()) : v);
        }
        IntList ids = new IntList();
        List<Boolean> mask = new ArrayList<>();
        ids.addText(encoder.encode(SYSTEM_PROMPT), mask);
        if (!used.isEmpty()) {
            ids.addText(encoder.encode(" Voice input:\n"), mask);
            for (int i = 0; i < used.size(); i++) {
                ids.addText(encoder.encode(" Speaker " + i + ":"), mask);
                ids.add(SpecialTokens.SPEECH_START, false, mask);
                for (int f = framesFor(used.get(i).length); f > 0; f--) {
                    ids.add(SpecialTokens.SPEECH_DIFFUSION, true, mask);
                }
                ids.add(SpecialTokens.SPEECH_END, false, mask);
                ids.addText(encoder.encode("\n"), mask);
            }
        }
        ids.addText(encoder.encode(" Text input:\n"), mask);
        for (ScriptLine l : lines) {
            ids.addText(encoder.encode(" Speaker " + l.speakerId() + ":" + l.text() + "\n"), mask);
        }
        ids.addText(encoder.encode(" Speech output:\n"), mask);
        ids.add(SpecialTokens.SPEECH_START, false, mask);
        boolean[] m = new boolean[mask.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = mask.get(i);
        }
        return new Prompt(ids.toArray(), m, used);
    }

    /** A batch: prompts left-padded with the pad id, voices of all scripts flattened in order. */
    public ProcessorOutput process(List<Request> requests) {
        List<Prompt> prompts = new ArrayList<>();
        for (Request r : requests) {
            prompts.add(prompt(r.script(), r.voices()));
        }
        int maxLen = prompts.stream().mapToInt(p -> p.ids().length).max().orElse(0);
        int b = prompts.size();
        int[][] ids = new int[b][maxLen];
        int[][] att = new int[b][maxLen];
        boolean[][] sm = new boolean[b][maxLen];
        List<float[]> voices = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            Prompt p = prompts.get(i);
            int pad = maxLen - p.ids().length;
            Arrays.fill(ids[i], 0, pad, SpecialTokens.PAD);
            System.arraycopy(p.ids(), 0, ids[i], pad, p.ids().length);
            Arrays.fill(att[i], pad, maxLen, 1);
            System.arraycopy(p.speechMask(), 0, sm[i], pad, p.ids().length);
            voices.addAll(p.usedVoices());
        }
        int maxSamples = voices.stream().mapToInt(v -> v.length).max().orElse(0);
        int maxFrames = framesFor(maxSamples);
        float[][] tensors = new float[voices.size()][maxSamples];
        boolean[][] masks = new boolean[voices.size()][maxFrames];
        int[] lengths = new int[voices.size()];
        for (int v = 0; v < voices.size(); v++) {
            float[] w = voices.get(v);
            System.arraycopy(w, 0, tensors[v], 0, w.length);
            Arrays.fill(masks[v], 0, framesFor(w.length), true);
            lengths[v] = w.length;
        }
        return new ProcessorOutput(ids, att, sm, tensors, masks, lengths);
    }

    /** A growable int list that records the speech-placeholder mask alongside. */
    private static final class IntList {
        private int[] a = new int[256];
        private int n;

        void add(int v, boolean isSpeech, List<Boolean> mask) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
            mask.add(isSpeech);
        }

        void addText(int[] ids, List<Boolean> mask) {
            for (int id : ids) {
                add(id, false, mask);
            }
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
