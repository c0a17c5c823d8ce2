package org.vibevoice.golden;

import org.vibevoice.generate.VibeVoiceModel;

import java.util.List;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.acoustic.AcousticDecoder;
import org.vibevoice.acoustic.TokenizerStream;
import org.vibevoice.acoustic.VoicePromptEmbedder;
import org.vibevoice.model.Connector;
import org.vibevoice.semantic.SemanticEncoder;
import org.vibevoice.tensor.FloatArrays;
import org.vibevoice.tensor.Tensor;

/** Runners of the speech tokenizer, connector and voice-prompt fixture kinds (golden README §4). */
final class TokenizerRunners {
    private TokenizerRunners() {
    }

    @FunctionalInterface
    private interface Body {
        CaseOutputs run(GoldenCase c, VibeVoiceModel m);
    }

    private record Runner(String kind, Body body) implements KindRunner {
        @Override
        public CaseOutputs run(GoldenCase c, GoldenContext ctx) {
            return body.run(c, GoldenModels.model(ctx, c.modelDir()));
        }
    }

    static List<KindRunner> all() {
        return List.of(
                new Runner("acoustic_encode", (c, m) -> encode(c, m.acousticEncoder().encode(signals(c.in("audio"))))),
                new Runner("semantic_encode", (c, m) -> encode(c, m.semanticEncoder().encode(signals(c.in("audio"))))),
                new Runner("semantic_encode_streaming", TokenizerRunners::semanticStreaming),
                new Runner("acoustic_decode", TokenizerRunners::decode),
                new Runner("acoustic_decode_streaming", TokenizerRunners::decodeStreaming),
                new Runner("acoustic_connector", (c, m) -> connector(c, m.acousticConnector())),
                new Runner("semantic_connector", (c, m) -> connector(c, m.semanticConnector())),
                new Runner("speech_embed", TokenizerRunners::speechEmbed));
    }

    /** Rows of a [B, (1,) L] signal tensor. */
    private static float[][] signals(Tensor t) {
        int b = t.dim(0);
        int len = t.dim(-1);
        if (t.numel() != (long) b * len) {
            throw new VibeVoiceException(t.name() + ": expected one channel per signal, shape " + t.shapeString());
        }
        float[] flat = t.toFloats();
        float[][] rows = new float[b][len];
        for (int i = 0; i < b; i++) {
            System.arraycopy(flat, i * len, rows[i], 0, len);
        }
        return rows;
    }

    /** [rows][frames][dim] from a tensor shaped [rows, frames, dim]. */
    private static float[][][] frames(Tensor t) {
        int rows = t.dim(0);
        int frames = t.dim(1);
        int dim = t.dim(2);
        float[] flat = t.toFloats();
        float[][][] out = new float[rows][frames][dim];
        for (int r = 0; r < rows; r++) {
            for (int f = 0; f < frames; f++) {
                System.arraycopy(flat, (r * frames + f) * dim, out[r][f], 0, dim);
            }
        }
        return out;
    }

    private static CaseOutputs encode(GoldenCase c, float[][][] means) {
        return new CaseOutputs().put("mean", FloatArrays.flatten(means));
    }

    private static CaseOutputs semanticStreaming(GoldenCase c, VibeVoiceModel m) {
        SemanticEncoder enc = m.semanticEncoder();
        float[][] audio = signals(c.in("audio"));
        int batch = audio.length;
        int hop = enc.hopLength();
        int len = audio[0].length;
        int dim = enc.latentDim();
        if (len % hop != 0) {
            throw new VibeVoiceException(c.file() + ": streaming input of " + len + " samples is not whole chunks of " + hop);
        }
        TokenizerStream st = enc.newStreamState(batch);
        float[] chunk = new float[batch * hop];
        float[] frame = new float[batch * dim];
        int frames = len / hop;
        float[] out = new float[batch * frames * dim];
        for (int f = 0; f < frames; f++) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(audio[b], f * hop, chunk, b * hop, hop);
            }
            enc.encodeChunk(st, chunk, frame);
            for (int b = 0; b < batch; b++) {
                System.arraycopy(frame, b * dim, out, (b * frames + f) * dim, dim);
            }
        }
        return new CaseOutputs().put("mean", out);
    }

    private static CaseOutputs decode(GoldenCase c, VibeVoiceModel m) {
        float[][] audio = m.acousticDecoder().decode(frames(c.in("latents")));
        float[] out = new float[audio.length * audio[0].length];
        for (int b = 0; b < audio.length; b++) {
            System.arraycopy(audio[b], 0, out, b * audio[b].length, audio[b].length);
        }
        return new CaseOutputs().put("audio", out);
    }

    private static CaseOutputs decodeStreaming(GoldenCase c, VibeVoiceModel m) {
        AcousticDecoder dec = m.acousticDecoder();
        float[][][] latents = frames(c.in("latents"));
        int resetAfter = c.metadata().containsKey("reset_after") ? c.metaInt("reset_after") : -1;
        int batch = latents.length;
        int frames = latents[0].length;
        int dim = dec.latentDim();
        int hop = dec.hopLength();
        TokenizerStream st = dec.newStreamState(batch);
        float[] in = new float[batch * dim];
        float[] out = new float[frames * batch * hop];
        float[] chunk = new float[batch * hop];
        for (int f = 0; f < frames; f++) {
            if (f == resetAfter) {
                for (int b = 0; b < batch; b++) {
                    st.reset(b);
                }
            }
            for (int b = 0; b < batch; b++) {
                System.arraycopy(latents[b][f], 0, in, b * dim, dim);
            }
            dec.decodeFrame(st, in, chunk);
            System.arraycopy(chunk, 0, out, f * batch * hop, batch * hop);
        }
        return new CaseOutputs().put("chunks", out);
    }

    private static CaseOutputs connector(GoldenCase c, Connector conn) {
        Tensor f = c.in("features");
        int n = Math.toIntExact(f.numel() / conn.inputDim());
        float[] out = new float[n * conn.outputDim()];
        conn.apply(f.toFloats(), n, out);
        return new CaseOutputs().put("embeds", out);
    }

    private static CaseOutputs speechEmbed(GoldenCase c, VibeVoiceModel m) {
        float[][] speech = signals(c.in("speech_tensors"));
        Tensor maskT = c.in("speech_masks");
        boolean[] flat = maskT.toBooleans();
        int frames = maskT.dim(1);
        boolean[][] masks = new boolean[maskT.dim(0)][frames];
        for (int v = 0; v < masks.length; v++) {
            System.arraycopy(flat, v * frames, masks[v], 0, frames);
        }
        VoicePromptEmbedder embedder = new VoicePromptEmbedder(m.acousticEncoder(), m.scaling(), m.acousticConnector());
        VoicePromptEmbedder.Result r = embedder.embed(speech, masks, c.in("noise_std").toFloats(), frames(c.in("noise_latent")));
        return new CaseOutputs().put("acoustic_features", FloatArrays.flatten(r.features())).put("embeds", r.embeds());
    }
}
