package org.vibevoice.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.golden.GoldenFixtures;
import org.vibevoice.model.VibeVoiceConfig;
import org.vibevoice.model.Weights;
import org.vibevoice.safetensors.TensorSource;
import org.vibevoice.safetensors.SafetensorsWriter;
import org.vibevoice.tensor.Tensor;

/** Tied and untied output projections, and shape errors, on tiny-a's language model. */
class Qwen2WeightsTest {
    private static Path tinyA() {
        return GoldenFixtures.dir().resolve("models/tiny-a");
    }

    /** tiny-a's language model tensors, plus {@code extra}, written as one safetensors file. */
    private static Path languageModelFile(Path dir, Path tmp, List<TensorSource> extra) {
        Path file = tmp.resolve("lm.safetensors");
        try (Weights src = Weights.open(dir, null)) {
            List<TensorSource> tensors = new ArrayList<>(extra);
            for (String name : src.names()) {
                if (name.startsWith(Qwen2Weights.PREFIX)) {
                    tensors.add(TensorSource.of(src.raw(name)));
                }
            }
            SafetensorsWriter.write(file, tensors, Map.of());
        }
        return file;
    }

    @Test
    void untiedCheckpointUsesLmHeadAndTiedOneTheEmbedding(@TempDir Path tmp) {
        Path dir = tinyA();
        VibeVoiceConfig cfg = VibeVoiceConfig.read(dir.resolve("config.json"));
        int v = cfg.decoder().vocabSize();
        int h = cfg.decoder().hiddenSize();
        float[] head = new float[v * h];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < head.length; i++) {
            head[i] = (float) rnd.nextGaussian();
        }
        try (Arena arena = Arena.ofConfined()) {
            Tensor lmHead = Tensor.ofFloats(Qwen2Weights.LM_HEAD, head, arena, v, h);
            Path file = languageModelFile(dir, tmp, List.of(TensorSource.of(lmHead)));
            try (Weights w = Weights.open(file, null)) {
                Qwen2Weights untied = Qwen2Weights.load(w, cfg.decoder(), false);
                assertThat(untied.lmHead().name()).isEqualTo(Qwen2Weights.LM_HEAD);
                Qwen2Model lm = Qwen2Model.of(untied, cfg.decoder());
                float[] hidden = new float[h];
                lm.prefill(lm.newCache(), lm.embed(new int[] {1, 2, 3}), 3, hidden);
                float[] logits = new float[2];
                lm.logits(hidden, 0, new int[] {7, v - 1}, logits, 0);
                for (int i = 0; i < 2; i++) {
                    int row = i == 0 ? 7 : v - 1;
                    double want = 0;
                    for (int c = 0; c < h; c++) {
                        want += (double) head[row * h + c] * hidden[c];
                    }
                    assertThat((double) logits[i]).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-4));
                }
                Qwen2Weights tied = Qwen2Weights.load(w, cfg.decoder(), true);
                assertThat(tied.lmHead()).isSameAs(tied.embed());
            }
        }
    }

    @Test
    void untiedConfigWithoutLmHeadIsAnError(@TempDir Path tmp) {
        Path dir = tinyA();
        VibeVoiceConfig cfg = VibeVoiceConfig.read(dir.resolve("config.json"));
        try (Weights w = Weights.open(languageModelFile(dir, tmp, List.of()), null)) {
            assertThatThrownBy(() -> Qwen2Weights.load(w, cfg.decoder(), false))
                    .isInstanceOf(VibeVoiceException.class).hasMessageContaining("lm_head.weight")
                    .hasMessageContaining("tie_word_embeddings");
        }
    }

    @Test
    void configThatDisagreesWithTheTensorsNamesTheTensor() {
        Path dir = tinyA();
        VibeVoiceConfig.DecoderConfig d = VibeVoiceConfig.read(dir.resolve("config.json")).decoder();
        VibeVoiceConfig.DecoderConfig wrong = new VibeVoiceConfig.DecoderConfig(d.hiddenSize(),
                d.intermediateSize() + 1, d.numHiddenLayers(), d.numAttentionHeads(), d.numKeyValueHeads(),
                d.headDim(), d.vocabSize(), d.maxPositionEmbeddings(), d.rmsNormEps(), d.ropeTheta());
        try (Weights w = Weights.open(dir, null)) {
            assertThatThrownBy(() -> Qwen2Weights.load(w, wrong, true)).isInstanceOf(VibeVoiceException.class)
                    .hasMessageContaining("mlp.gate_proj.weight").hasMessageNotContaining("\n");
        }
    }
}
