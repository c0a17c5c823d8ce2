package org.vibevoice.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vibevoice.bench.E2eBench;
import org.vibevoice.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "e2e", description = "End-to-end generation of N frames per script (token choice forced to speech) "
        + "on a model directory, per-component time per step against bandwidth bounds measured in the same run.")
final class BenchE2eCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model directory (e.g. from `random-model`)")
    Path model;

    @Option(names = "--frames", description = "timed frames per script (default ${DEFAULT-VALUE})")
    int frames = 24;

    @Option(names = "--warmup", description = "frames of an untimed generation first, which compiles every path"
            + " (default ${DEFAULT-VALUE})")
    int warmup = 16;

    @Option(names = "--dtype", split = ",", description = "weight precisions converted at load: f32, f16, bf16, or auto"
            + " = as stored (default f32,f16,bf16)")
    List<String> dtypes = List.of("f32", "f16", "bf16");

    @Option(names = "--batch", description = "scripts generated together (default ${DEFAULT-VALUE})")
    int batch = 1;

    @Option(names = "--voice-seconds", description = "length of each script's synthetic voice prompt (default ${DEFAULT-VALUE})")
    double voiceSeconds = 30;

    @Option(names = "--seed", description = "noise seed (default ${DEFAULT-VALUE})")
    long seed = 42;

    @Override
    public Integer call() {
        if (frames < 1 || warmup < 0 || batch < 1 || voiceSeconds <= 0) {
            throw new IllegalArgumentException("--frames and --batch must be >= 1, --warmup >= 0, --voice-seconds > 0");
        }
        List<DType> list = new ArrayList<>();
        for (String d : dtypes) {
            list.add(d.equalsIgnoreCase("auto") ? null : DType.parsePrecision(d));
        }
        E2eBench.run(model, list, new E2eBench.Settings(frames, warmup, batch, voiceSeconds, seed), System.out);
        return 0;
    }
}
