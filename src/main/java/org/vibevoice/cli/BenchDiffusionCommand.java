package org.vibevoice.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.bench.Bandwidth;
import org.vibevoice.bench.ChildJvm;
import org.vibevoice.bench.DiffusionBench;
import org.vibevoice.model.VibeVoiceConfig;
import org.vibevoice.model.VibeVoiceConfig.DiffusionHeadConfig;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "diffusion", description = "One frame's diffusion sampling (CFG pair, random weights at the config's "
        + "shapes) against the DRAM bandwidth bound measured in the same run.")
final class BenchDiffusionCommand implements Callable<Integer> {
    @Option(names = "--config", description = "model config.json giving the shapes (default: ${DEFAULT-VALUE})")
    Path config = Path.of("../shared/configs/VibeVoice-1.5B/config.json");

    @Option(names = "--dtype", split = ",", description = "weight precisions (default: f32,f16,bf16)")
    List<String> dtypes = List.of("f32", "f16", "bf16");

    @Option(names = "--steps", description = "solver steps per frame (default: ${DEFAULT-VALUE})")
    int steps = 10;

    @Option(names = "--warmup", description = "untimed frames first, so the timed ones run compiled code (default: ${DEFAULT-VALUE})")
    int warmup = 20;

    @Option(names = "--frames", description = "timed frames, each after a bandwidth probe (default: ${DEFAULT-VALUE})")
    int frames = 3;

    @Option(names = "--probe-gib", description = "GiB streamed per bandwidth probe (default: ${DEFAULT-VALUE})")
    double probeGiB = 2;

    /** Set on the JVMs this command starts: one precision, its table row only. */
    @Option(names = "--child", hidden = true)
    boolean child;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(config)) {
            throw new VibeVoiceException(config + ": no such config.json (pass --config)");
        }
        List<DType> precisions = new ArrayList<>();
        for (String d : dtypes) {
            try {
                precisions.add(DType.parsePrecision(d));
            } catch (IllegalArgumentException e) {
                throw new VibeVoiceException("--dtype: " + e.getMessage());
            }
        }
        DiffusionHeadConfig cfg = VibeVoiceConfig.read(config).diffusionHead();
        if (!child) {
            System.out.printf("diffusion head %s: H=%d, %d layers, ffn %d, latent %d; 1 frame = %d steps x 2 rows (CFG pair); "
                    + "%d threads%n", config, cfg.hiddenSize(), cfg.headLayers(), cfg.ffnDim(), cfg.latentSize(), steps,
                    Parallel.threads());
            System.out.printf("%-5s %12s %12s %12s %10s %8s%n", "dtype", "MB/frame", "ms/frame", "DRAM GB/s", "bound ms", "ratio");
        }
        if (precisions.size() > 1) {
            ChildJvm.eachPrecision(List.of("bench", "diffusion", "--config", config.toString(), "--steps",
                    String.valueOf(steps), "--warmup", String.valueOf(warmup), "--frames", String.valueOf(frames),
                    "--probe-gib", String.valueOf(probeGiB)), dtypes);
        } else {
            DiffusionBench.Result r;
            try (Bandwidth bw = new Bandwidth(512L << 20)) {
                r = DiffusionBench.run(cfg, precisions.get(0), steps, warmup, frames, bw, (long) (probeGiB * (1L << 30)));
            }
            System.out.printf("%-5s %12.1f %12.1f %12.1f %10.1f %8.2f%n", r.dtype().name().toLowerCase(java.util.Locale.ROOT),
                    r.bytesPerFrame() / 1e6, r.msPerFrame(), r.bandwidthGBs(), r.boundMs(), r.ratio());
        }
        if (child) {
            return 0;
        }
        System.out.println("ratio = ms/frame / bound (median over frames); bound = weight bytes streamed per frame / DRAM "
                + "bandwidth probed before each frame; target <= 1.2");
        return 0;
    }
}
