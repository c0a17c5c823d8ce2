package org.vibevoice.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vibevoice.audio.WavWriter;
import org.vibevoice.golden.GoldenFixtures;
import org.vibevoice.lm.KvCache;
import org.vibevoice.model.VibeVoiceConfig;
import org.vibevoice.processor.ProcessorOutput;
import org.vibevoice.processor.VibeVoiceProcessor;
import org.vibevoice.random.TorchGenerator;

/**
 * A long-form generation on the tiny model, through the production loop, streamed to a WAV on
 * disk: the frame count is forced with {@link TokenPolicy#diffuseFrames} (random weights would stop
 * at random), the script is long enough that the 2 × prompt step limit allows it. The heap must not
 * grow with the frames beyond what the KV caches add, and the caches must hold exactly the pages
 * the config says. A test of the loop, not of speed: the default run makes {@link #FRAMES} frames;
 * {@code -Dvibevoice.longFormFrames=10000} the full length of the issue.
 */
class LongFormTest {
    static final int FRAMES = Integer.getInteger("vibevoice.longFormFrames", 1000);
    /** Heap noise allowed on top of the KV growth; a kept audio frame alone is 12.8 kB of floats. */
    static final long HEAP_SLACK = 4L << 20;

    @TempDir
    Path tmp;

    @Test
    void aLongScriptStreamsEveryFrameToDiskWithBoundedMemory() throws IOException {
        try (VibeVoiceModel model = VibeVoiceModel.load(GoldenFixtures.dir().resolve("models/tiny-a"), null)) {
            ProcessorOutput in = model.processor().process(List.of(new VibeVoiceProcessor.Request(script(FRAMES),
                    List.of())));
            int prompt = in.inputIds()[0].length;
            assertThat(2 * prompt).as("the step limit allows %d frames", FRAMES).isGreaterThan(FRAMES);
            VibeVoiceConfig.DecoderConfig lm = model.config().decoder();
            long perPosition = 2L * lm.numHiddenLayers() * lm.numKeyValueHeads() * lm.headDim() * Float.BYTES;
            int hop = model.hopLength();
            Path wav = tmp.resolve("long.wav");
            HeapWatch watch = new HeapWatch(FRAMES / 10, FRAMES);
            long t0 = System.nanoTime();
            GenerationResult r;
            try (WavWriter w = WavWriter.create(wav, model.sampleRate(), 1, WavWriter.Encoding.PCM16)) {
                GenerationListener sink = new GenerationListener() {
                    @Override
                    public void onAudio(int sample, float[] audio, int offset, int length) {
                        w.write(audio, offset, length);
                        watch.frame();
                    }
                };
                r = new Generator(model).withTokenPolicy(TokenPolicy.diffuseFrames(FRAMES)).generate(in,
                        GenerationParams.DEFAULTS, new TorchGenerator(5), sink, null, Generator.Keep.FRAMES);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;

            assertThat(r.frames()[0]).isEqualTo(FRAMES);
            assertThat(watch.frames).isEqualTo(FRAMES);
            assertThat(r.latents()).isNull();
            long dataBytes = (long) FRAMES * hop * 2;
            assertThat(Files.size(wav)).isEqualTo(44 + dataBytes);
            assertThat(dataSizeField(wav)).isEqualTo(dataBytes);

            // positive branch: the prompt, then one position per step after the first (the eos step included);
            // negative branch: one per frame plus the eos step's speculative one, taken back (pages stay)
            long expectedKv = kvBytes(perPosition, prompt + FRAMES) + kvBytes(perPosition, FRAMES + 1);
            assertThat(r.kvCacheBytes()).isEqualTo(expectedKv);
            long kvAtFirstLook = kvBytes(perPosition, prompt + watch.firstLook) + kvBytes(perPosition, watch.firstLook + 1);
            long growth = watch.lastHeap - watch.firstHeap;
            System.out.printf("long-form: %d frames (%.1f min of audio) in %.1f s (%.2f ms/frame), prompt %d tokens, "
                    + "WAV %.1f MB on disk; KV caches %.2f MB (%d B/position); heap after GC %.1f MB at frame %d, "
                    + "%.1f MB at frame %d (growth %.2f MB, KV growth %.2f MB)%n", FRAMES,
                    FRAMES * (double) hop / model.sampleRate() / 60, seconds, 1e3 * seconds / FRAMES, prompt,
                    Files.size(wav) / 1e6, expectedKv / 1e6, perPosition, watch.firstHeap / 1e6, watch.firstLook,
                    watch.lastHeap / 1e6, FRAMES, growth / 1e6, (expectedKv - kvAtFirstLook) / 1e6);
            assertThat(growth).as("heap growth from frame %d to %d", watch.firstLook, FRAMES)
                    .isLessThan(expectedKv - kvAtFirstLook + HEAP_SLACK);
        }
    }

    /** Numbered one-speaker lines until the prompt is over half the frame count in tokens. */
    private static String script(int frames) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < frames / 30 + 10; i++) {
            b.append("Speaker 1: This is line ").append(i).append(" of a very long script for the loop.\n");
        }
        return b.toString();
    }

    /** Bytes of a cache holding {@code positions}: whole pages of {@link KvCache#BLOCK} positions. */
    private static long kvBytes(long perPosition, int positions) {
        return perPosition * KvCache.BLOCK * ((positions + KvCache.BLOCK - 1) / KvCache.BLOCK);
    }

    private static long dataSizeField(Path wav) throws IOException {
        try (FileChannel ch = FileChannel.open(wav)) {
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(b, 40);
            return b.getInt(0) & 0xFFFFFFFFL;
        }
    }

    /** Live heap (after a full GC) at two frames of the run, taken from inside the listener. */
    private static final class HeapWatch {
        final int firstLook;
        final int lastLook;
        int frames;
        long firstHeap;
        long lastHeap;

        HeapWatch(int firstLook, int lastLook) {
            this.firstLook = firstLook;
            this.lastLook = lastLook;
        }

        void frame() {
            frames++;
            if (frames == firstLook) {
                firstHeap = liveHeap();
            } else if (frames == lastLook) {
                lastHeap = liveHeap();
            }
        }

        private static long liveHeap() {
            System.gc();
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
    }
}
