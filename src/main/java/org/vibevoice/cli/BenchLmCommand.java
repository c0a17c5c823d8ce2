package org.vibevoice.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.vibevoice.bench.ChildJvm;
import org.vibevoice.bench.LmBench;
import org.vibevoice.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "lm", description = "Qwen2 decode step at real shapes (random weights in memory) vs measured bandwidth.")
final class BenchLmCommand implements Runnable {
    @Option(names = "--config", description = "VibeVoice config.json giving the shapes (default ${DEFAULT-VALUE})")
    Path config = Path.of("../shared/configs/VibeVoice-1.5B/config.json");

    @Option(names = "--dtype", split = ",", description = "weight precisions (default ${DEFAULT-VALUE})")
    List<String> dtypes = List.of("bf16", "f16", "f32");

    @Option(names = "--kv_dtype", split = ",", description = "KV cache types, f32 and/or f16 (default ${DEFAULT-VALUE})")
    List<String> kvDtypes = List.of("f32");

    @Option(names = "--context", split = ",", description = "KV cache lengths (default 512,8192)")
    int[] contexts = {512, 8192};

    @Option(names = "--steps", description = "timed repetitions (bandwidth probe, a step of one sequence, a step of the pair), medians reported (default ${DEFAULT-VALUE})")
    int steps = 7;

    @Option(names = "--warmup", description = "untimed steps before each measurement (default ${DEFAULT-VALUE})")
    int warmup = 8;

    /** Set on the JVMs this command starts: one precision, no shape line. */
    @Option(names = "--child", hidden = true)
    boolean child;

    @Override
    public void run() {
        List<DType> precisions = dtypes.stream().map(DType::parsePrecision).toList();
        List<DType> kv = kvDtypes.stream().map(DType::parsePrecision).toList();
        if (child || precisions.size() == 1) {
            LmBench.run(config, precisions, kv, contexts, steps, warmup, !child, System.out);
            return;
        }
        LmBench.printShapes(config, System.out);
        ChildJvm.eachPrecision(List.of("bench", "lm", "--config", config.toString(), "--kv_dtype",
                String.join(",", kvDtypes), "--context", Arrays.stream(contexts).mapToObj(String::valueOf)
                .collect(Collectors.joining(",")), "--steps", String.valueOf(steps), "--warmup", String.valueOf(warmup)),
                dtypes);
    }
}
