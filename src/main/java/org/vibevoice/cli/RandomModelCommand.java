package org.vibevoice.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vibevoice.model.RandomModel;
import org.vibevoice.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "random-model", description = "Write a model directory with the real tensor names, shapes and "
        + "sharding of a config, filled with seeded random weights of realistic scale (for benchmarks).")
final class RandomModelCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "VibeVoice config.json giving the shapes")
    Path config;

    @Option(names = "--dtype", description = "weight precision: f32, f16 or bf16 (default ${DEFAULT-VALUE}, as published)")
    String dtype = "bf16";

    @Option(names = "--out", required = true, description = "output directory (keep it outside the source tree, "
            + "e.g. ~/.cache/vibevoice/random-1.5B-bf16)")
    Path out;

    @Option(names = "--seed", description = "random seed (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        RandomModel.Written w = RandomModel.write(config, DType.parsePrecision(dtype), out, seed);
        System.out.printf("%s: %d tensors, %.3f GB of %s weights in %d file(s), written in %.1f s%n", w.dir(), w.tensors(),
                w.bytes() / 1e9, dtype, w.shards().size(), (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
