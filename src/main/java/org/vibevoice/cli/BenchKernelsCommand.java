package org.vibevoice.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.bench.KernelBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "kernels", description = "Matrix x vector GB/s at the 1.5B LM shapes (f32, bf16, f16; 1 and all threads;"
        + " batch 1 and 2) as ratios to a read of the same bytes measured in the same run.")
final class BenchKernelsCommand implements Callable<Integer> {
    @Option(names = "--reps", defaultValue = "9", description = "timed repetitions (default ${DEFAULT-VALUE})")
    int reps;

    @Option(names = "--threads", description = "threads for the all-threads runs (default: all cores)")
    Integer threads;

    @Option(names = "--quick", description = "small working set and short probes: a smoke run, not DRAM-cold")
    boolean quick;

    @Option(names = "--shape", paramLabel = "ROWSxCOLS", description = "measure this shape instead of the 1.5B LM shapes (repeatable)")
    List<String> shapes = new ArrayList<>();

    @Option(names = "--batch", split = ",", description = "input rows per matmul (default 1,2; the targets are for those)")
    int[] batches = KernelBenchmark.BATCHES;

    @Override
    public Integer call() {
        if (java.util.Arrays.stream(batches).anyMatch(b -> b < 1 || b > 1024)) {
            throw new VibeVoiceException("--batch: each batch must be between 1 and 1024");
        }
        if (reps < 1) {
            throw new VibeVoiceException("--reps must be at least 1");
        }
        if (threads != null) {
            if (threads < 1) {
                throw new VibeVoiceException("--threads must be at least 1");
            }
            // read once when the pool starts, which is after this point
            System.setProperty("vibevoice.threads", Integer.toString(threads));
        }
        List<KernelBenchmark.Shape> chosen = new ArrayList<>();
        for (String sh : shapes) {
            String[] parts = sh.toLowerCase(java.util.Locale.ROOT).split("x");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                int rows = Integer.parseInt(parts[0]);
                int cols = Integer.parseInt(parts[1]);
                if (rows < 1 || cols < 1) {
                    throw new NumberFormatException();
                }
                chosen.add(new KernelBenchmark.Shape("custom", rows, cols));
            } catch (NumberFormatException e) {
                throw new VibeVoiceException("--shape " + sh + ": expected ROWSxCOLS with positive sizes, e.g. 1536x8960");
            }
        }
        KernelBenchmark.run(new KernelBenchmark.Options(reps, quick,
                chosen.isEmpty() ? KernelBenchmark.SHAPES : chosen, batches), System.out);
        return 0;
    }
}
