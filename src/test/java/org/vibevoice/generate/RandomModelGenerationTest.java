package org.vibevoice.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vibevoice.convert.TestSignals;
import org.vibevoice.generate.GenerationStats.Phase;
import org.vibevoice.model.BundledModel;
import org.vibevoice.model.CheckpointLayout;
import org.vibevoice.model.RandomModel;
import org.vibevoice.model.VibeVoiceConfig;
import org.vibevoice.processor.SpecialTokens;
import org.vibevoice.processor.VibeVoiceProcessor;
import org.vibevoice.random.TorchGenerator;
import org.vibevoice.safetensors.Checkpoint;
import org.vibevoice.tensor.DType;

/**
 * A random model written from a config loads and generates through the production loop: the
 * token policy makes exactly the frames asked for, the stats account for every step and phase,
 * and the same seed writes the same bytes.
 */
class RandomModelGenerationTest {
    @TempDir
    Path dir;

    @Test
    void writesLoadsAndGeneratesTheFramesThePolicyAsksFor() throws IOException {
        Path config = BundledModel.tinyDir().resolve("config.json");
        RandomModel.Written w = RandomModel.write(config, DType.BF16, dir.resolve("a"), 5);
        VibeVoiceConfig cfg = VibeVoiceConfig.read(config);
        assertThat(w.tensors()).isEqualTo(CheckpointLayout.of(cfg).size());
        try (Checkpoint ck = Checkpoint.open(w.dir())) {
            assertThat(ck.names()).isEqualTo(CheckpointLayout.of(cfg).shapes().keySet());
            assertThat(ck.tensor(CheckpointLayout.SPEECH_SCALING).getFloat(0)).isCloseTo(0.196f, org.assertj.core.data.Offset.offset(1e-3f));
        }
        RandomModel.write(config, DType.BF16, dir.resolve("b"), 5);
        for (String shard : w.shards()) {
            assertThat(Files.mismatch(w.dir().resolve(shard), dir.resolve("b").resolve(shard))).isEqualTo(-1);
        }

        int frames = 5;
        try (VibeVoiceModel model = VibeVoiceModel.load(w.dir(), DType.F16)) {
            float[] voice = TestSignals.voice(model.sampleRate(), model.sampleRate(), 3);
            var request = new VibeVoiceProcessor.Request("Speaker 1: A random model speaks.", List.of(voice));
            var in = model.processor().process(List.of(request, request));
            GenerationStats stats = new GenerationStats(16);
            List<Integer> tokens = new ArrayList<>();
            GenerationListener l = new GenerationListener() {
                @Override
                public void onToken(int sample, int step, int token) {
                    if (sample == 0) {
                        tokens.add(token);
                    }
                }

                @Override
                public void onAudio(int sample, float[] audio, int offset, int length) {
                    for (int i = 0; i < length; i++) {
                        assertThat(audio[offset + i]).isFinite();
                    }
                }
            };
            GenerationResult r = new Generator(model).withTokenPolicy(TokenPolicy.diffuseFrames(frames)).withStats(stats)
                    .generate(in, GenerationParams.DEFAULTS.withMaxNewTokens(frames + 3), new TorchGenerator(1), l, null, Generator.Keep.FRAMES);
            assertThat(r.frames()[0]).isEqualTo(frames);
            assertThat(r.frames()[1]).isEqualTo(frames);
            assertThat(tokens).hasSize(frames + 1).endsWith(SpecialTokens.EOS);
            assertThat(stats.steps()).isEqualTo(frames + 1);
            assertThat(stats.frames()).isEqualTo(2L * frames);
            assertThat(stats.stepFrames(0)).isEqualTo(2);
            assertThat(stats.stepFrames(frames)).isZero();
            for (Phase p : Phase.values()) {
                assertThat(stats.nanos(p)).as(p.name()).isPositive();
            }
            long phases = 0;
            for (Phase p : new Phase[] {Phase.LM, Phase.TOKENS, Phase.DIFFUSION, Phase.DECODE, Phase.SEMANTIC, Phase.CONNECT}) {
                phases += stats.stepNanos(2, p);
            }
            assertThat(stats.stepWallNanos(2)).isGreaterThanOrEqualTo(phases);
        }
    }
}
