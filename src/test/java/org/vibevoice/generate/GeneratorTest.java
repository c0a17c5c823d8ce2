package org.vibevoice.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vibevoice.audio.AudioFiles;
import org.vibevoice.golden.GoldenFixtures;
import org.vibevoice.processor.ProcessorOutput;
import org.vibevoice.processor.SpecialTokens;
import org.vibevoice.processor.VibeVoiceProcessor;
import org.vibevoice.random.NoiseSource;
import org.vibevoice.random.TorchGenerator;

/** Batch semantics, streaming and stopping of the generation loop on the fixtures' tiny model. */
class GeneratorTest {
    static VibeVoiceModel model;
    static float[] carter;
    static float[] frank;

    /** Zero noise makes every sample's result independent of how the noise stream is split. */
    static final NoiseSource ZEROS = new NoiseSource() {
        public void normal(float[] out, int off, int n) {
            Arrays.fill(out, off, off + n, 0f);
        }

        public void normalLike(float[] out, int off, int[] shape, int[] memoryOrder) {
            normal(out, off, NoiseSource.numel(shape));
        }
    };

    @BeforeAll
    static void load() {
        Path dir = GoldenFixtures.dir();
        model = VibeVoiceModel.load(dir.resolve("models/tiny-a"), null);
        carter = AudioFiles.read(dir.resolve("data/voice_carter.wav")).samples();
        frank = AudioFiles.read(dir.resolve("data/voice_frank.wav")).samples();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static ProcessorOutput prompts(VibeVoiceProcessor.Request... r) {
        return model.processor().process(List.of(r));
    }

    @Test
    void aBatchGivesEachSampleWhatItGetsAlone() {
        var a = new VibeVoiceProcessor.Request("Speaker 1: Hello there.\nSpeaker 2: Hi!", List.of(carter, frank));
        var b = new VibeVoiceProcessor.Request("Speaker 1: A somewhat longer line of text for the second script.",
                List.of(frank));
        GenerationParams p = GenerationParams.DEFAULTS.withMaxNewTokens(16);
        Generator g = new Generator(model);
        GenerationResult both = g.generate(prompts(a, b), p, ZEROS, null, null, Generator.Keep.LATENTS);
        GenerationResult aloneA = g.generate(prompts(a), p, ZEROS, null, null, Generator.Keep.LATENTS);
        GenerationResult aloneB = g.generate(prompts(b), p, ZEROS, null, null, Generator.Keep.LATENTS);
        assertThat(both.sequences()[0]).containsExactly(aloneA.sequences()[0]);
        assertThat(both.sequences()[1]).containsExactly(aloneB.sequences()[0]);
        assertThat(both.latents()[0]).hasSameSizeAs(aloneA.latents()[0]);
        assertThat(both.latents()[0]).hasSize(both.frames()[0] * 64);
        assertThat(both.latents()[1]).hasSize(both.frames()[1] * 64);
        assertThat(both.latents()[1]).hasSameSizeAs(aloneB.latents()[0]);
        assertThat(both.latents()[0].length + both.latents()[1].length).as("frames were made").isPositive();
        for (int i = 0; i < both.latents()[0].length; i++) {
            assertThat(both.latents()[0][i]).isCloseTo(aloneA.latents()[0][i], within(1e-4f));
        }
        for (int i = 0; i < both.latents()[1].length; i++) {
            assertThat(both.latents()[1][i]).isCloseTo(aloneB.latents()[0][i], within(1e-4f));
        }
    }

    @Test
    void streamsOneChunkPerFrameAndStopsOnRequest() {
        var req = new VibeVoiceProcessor.Request("Speaker 1: Streaming test.", List.of(carter));
        List<float[]> chunks = new ArrayList<>();
        AtomicInteger tokens = new AtomicInteger();
        GenerationListener l = new GenerationListener() {
            @Override
            public void onAudio(int sample, float[] audio, int offset, int length) {
                chunks.add(Arrays.copyOfRange(audio, offset, offset + length));
            }

            @Override
            public void onToken(int sample, int step, int token) {
                tokens.incrementAndGet();
            }
        };
        GenerationResult full = new Generator(model).generate(prompts(req), GenerationParams.DEFAULTS.withMaxNewTokens(24),
                new TorchGenerator(7), l, null, Generator.Keep.FRAMES);
        int frames = full.frames()[0];
        assertThat(frames).isPositive();
        assertThat(full.latents()).as("FRAMES keeps no latents").isNull();
        assertThat(chunks).hasSize(frames).allSatisfy(c -> assertThat(c).hasSize(model.hopLength()));
        assertThat(tokens.get()).isEqualTo(full.sequences()[0].length - full.promptLengths()[0]);

        AtomicInteger made = new AtomicInteger();
        GenerationListener counter = new GenerationListener() {
            @Override
            public void onAudio(int sample, float[] audio, int offset, int length) {
                made.incrementAndGet();
            }
        };
        GenerationResult stopped = new Generator(model).generate(prompts(req), GenerationParams.DEFAULTS.withMaxNewTokens(24),
                new TorchGenerator(7), counter, () -> made.get() >= 1, Generator.Keep.FRAMES);
        assertThat(stopped.stopped()).isTrue();
        assertThat(made.get()).isEqualTo(1);
    }

    @Test
    void theStepLimitIsTwiceThePromptOrMaxNewTokens() {
        var req = new VibeVoiceProcessor.Request("Speaker 1: Limits.", List.of(carter));
        GenerationResult r = new Generator(model).generate(prompts(req), GenerationParams.DEFAULTS.withMaxNewTokens(3),
                new TorchGenerator(1), null, null, Generator.Keep.LATENTS);
        int generated = r.sequences()[0].length - r.promptLengths()[0];
        assertThat(generated).isLessThanOrEqualTo(3);
        int last = r.sequences()[0][r.sequences()[0].length - 1];
        assertThat(generated == 3 || last == SpecialTokens.EOS).isTrue();
    }
}
