package org.vibevoice.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vibevoice.audio.AudioFiles;
import org.vibevoice.golden.GoldenFixtures;
import org.vibevoice.processor.VibeVoiceProcessor;
import org.vibevoice.random.TorchGenerator;
import org.vibevoice.tensor.Parallel;

/**
 * Once warm, a generation step (both LM branches, diffusion, decode, semantic encode, connectors)
 * allocates nothing on the heap, on the generating thread or on the pool's workers: bytes allocated
 * by all of them over several steps after warm-up, counted by the JVM.
 *
 * <p>Maven runs this in a JVM with C2 thresholds scaled down (see pom.xml): Vector API code still
 * running in C1 boxes every vector, and at the tiny model's shapes a few rarely called kernels
 * would take thousands of steps to reach C2. At the real shapes {@code bench e2e} reports the heap
 * allocated per timed step.
 */
class GeneratorAllocationTest {
    /**
     * Generations until one is allocation-free: when the JIT has compiled a rarely taken path (a
     * tail tile, a kernel called once per frame) is not fixed, but a per-step allocation of the loop
     * itself shows in every run.
     */
    private static final int MAX_RUNS = 60;
    private static final int WARMUP = 4;
    private static final int MEASURED = 8;
    /**
     * What legitimately grows: both branches' KV caches of 2 samples (1 KB per step at tiny-a's
     * sizes, in 256-position pages) and the token lists; a per-step array of the loop's own would
     * exceed the rest.
     */
    private static final long BOUND_PER_STEP = 3072;

    @Test
    void stepsAfterWarmUpAllocateAlmostNothing() {
        Path dir = GoldenFixtures.dir();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (VibeVoiceModel model = VibeVoiceModel.load(dir.resolve("models/tiny-a"), null)) {
            float[] voice = AudioFiles.read(dir.resolve("data/voice_carter.wav")).samples();
            var req = new VibeVoiceProcessor.Request("Speaker 1: Counting allocations.\nSpeaker 2: Nothing per step.",
                    List.of(voice, voice));
            var in = model.processor().process(List.of(req, req));
            long[] threads = threadIds();
            long[] at = new long[2];
            GenerationListener probe = new GenerationListener() {
                @Override
                public void onToken(int sample, int step, int token) {
                    if (sample == 0 && (step == WARMUP || step == WARMUP + MEASURED)) {
                        at[step == WARMUP ? 0 : 1] = allocated(mx, threads);
                    }
                }
            };
            int steps = WARMUP + MEASURED + 1;
            long best = Long.MAX_VALUE;
            for (int run = 0; run < MAX_RUNS && best >= BOUND_PER_STEP; run++) {
                Generator g = new Generator(model).withTokenPolicy(TokenPolicy.diffuseFrames(steps));
                GenerationResult r = g.generate(in, GenerationParams.DEFAULTS.withMaxNewTokens(steps), new TorchGenerator(run),
                        probe, null, Generator.Keep.FRAMES);
                assertThat(r.frames()[0]).isEqualTo(steps);
                assertThat(at[0]).isPositive();
                best = Math.min(best, (at[1] - at[0]) / MEASURED);
            }
            assertThat(best).as("bytes allocated per step in the best of %d runs", MAX_RUNS).isLessThan(BOUND_PER_STEP);
        }
    }

    /** The calling thread and the pool's workers. */
    private static long[] threadIds() {
        assertThat(Parallel.threads()).isPositive(); // starts the pool
        List<Thread> workers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("vibevoice-worker-")).toList();
        long[] ids = new long[workers.size() + 1];
        ids[0] = Thread.currentThread().threadId();
        for (int i = 0; i < workers.size(); i++) {
            ids[i + 1] = workers.get(i).threadId();
        }
        return ids;
    }

    private static long allocated(com.sun.management.ThreadMXBean mx, long[] ids) {
        long sum = 0;
        for (long id : ids) {
            sum += mx.getThreadAllocatedBytes(id);
        }
        return sum;
    }
}
