package org.vibevoice.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.acoustic.TokenizerBenchmark;
import org.vibevoice.bench.ChildJvm;
import org.vibevoice.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audio", description = "One streaming acoustic-decoder frame and one streaming semantic-encoder frame "
        + "at the real model sizes (random weights), f32/f16/bf16, against compute and bandwidth bounds.")
final class BenchAudioCommand implements Callable<Integer> {
    @Option(names = "--config", description = "model config.json giving the sizes (default: ${DEFAULT-VALUE})")
    Path config = Path.of("../shared/configs/VibeVoice-1.5B/config.json");

    @Option(names = "--frames", description = "timed frames per part and precision (default: ${DEFAULT-VALUE})")
    int frames = 10;

    @Option(names = "--dtype", split = ",", description = "weight precisions to run (default: f32,f16,bf16)")
    List<String> dtypes = List.of("f32", "f16", "bf16");

    /** Set on the JVMs this command starts: one precision, its table rows only. */
    @Option(names = "--child", hidden = true)
    boolean child;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(config)) {
            throw new VibeVoiceException(config + ": no such config.json (pass --config)");
        }
        List<DType> precisions = dtypes.stream().map(DType::parsePrecision).toList();
        if (!child) {
            TokenizerBenchmark.printHeader(config, System.out);
        }
        if (precisions.size() == 1) {
            TokenizerBenchmark.run(config, frames, precisions, System.out);
            return 0;
        }
        ChildJvm.eachPrecision(List.of("bench", "audio", "--config", config.toString(), "--frames", String.valueOf(frames)),
                dtypes);
        return 0;
    }
}
