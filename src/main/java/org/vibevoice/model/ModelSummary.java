package org.vibevoice.model;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vibevoice.safetensors.Checkpoint;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Tensor;

/** A human-readable summary of a model directory: sizes from config, tensors and bytes per component. */
public record ModelSummary(Path dir, VibeVoiceConfig config, Map<String, long[]> components,
        Map<DType, Long> bytesByDtype, long tensorCount) {

    public static ModelSummary of(Path dir) {
        VibeVoiceConfig cfg = VibeVoiceConfig.read(dir.resolve("config.json"));
        Map<String, long[]> comp = new LinkedHashMap<>();
        Map<DType, Long> byDtype = new EnumMap<>(DType.class);
        long count = 0;
        try (Checkpoint ck = Checkpoint.open(dir)) {
            for (Tensor t : ck.tensors().values()) {
                long[] acc = comp.computeIfAbsent(Component.of(t.name()).label(), k -> new long[3]);
                acc[0]++;
                acc[1] += t.numel();
                acc[2] += t.data().byteSize();
                byDtype.merge(t.dtype(), t.data().byteSize(), Long::sum);
                count++;
            }
        }
        return new ModelSummary(dir, cfg, comp, byDtype, count);
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        var d = config.decoder();
        sb.append(String.format("model: %s%n", dir));
        sb.append(String.format("LM: hidden %d, %d layers, %d heads (%d kv), ffn %d, vocab %d, tied lm_head %s%n",
                d.hiddenSize(), d.numHiddenLayers(), d.numAttentionHeads(), d.numKeyValueHeads(),
                d.intermediateSize(), d.vocabSize(), config.tieWordEmbeddings()));
        sb.append(String.format("diffusion head: hidden %d, %d layers, ffn %d, latent %d%n",
                config.diffusionHead().hiddenSize(), config.diffusionHead().headLayers(),
                config.diffusionHead().ffnDim(), config.diffusionHead().latentSize()));
        sb.append(String.format("acoustic vae %d, semantic vae %d, hop %d samples%n", config.acousticVaeDim(),
                config.semanticVaeDim(), config.acousticTokenizer().hopLength()));
        sb.append(String.format("%-22s %8s %16s %14s%n", "component", "tensors", "parameters", "bytes"));
        for (var e : components.entrySet()) {
            sb.append(String.format("%-22s %8d %16d %14d%n", e.getKey(), e.getValue()[0], e.getValue()[1],
                    e.getValue()[2]));
        }
        sb.append(String.format("%d tensors; bytes by dtype: %s%n", tensorCount, bytesByDtype));
        return sb.toString();
    }
}
