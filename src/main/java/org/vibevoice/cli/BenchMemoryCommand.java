package org.vibevoice.cli;

import java.nio.file.Path;
import java.util.List;
import org.vibevoice.bench.MemoryBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "memory", description = "Resident memory per weight precision on a random-weight checkpoint of real size "
        + "(written to disk once), each in a fresh JVM; convert time and size.")
final class BenchMemoryCommand implements Runnable {
    @Option(names = "--config", description = "VibeVoice config.json giving the shapes (default ${DEFAULT-VALUE})")
    Path config = Path.of("../shared/configs/VibeVoice-1.5B/config.json");

    @Option(names = "--dir", description = "where the random checkpoint is written (default: a folder in java.io.tmpdir)")
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "vibevoice-bench-memory");

    @Option(names = "--dtype", split = ",", description = "precisions, each in its own JVM (default ${DEFAULT-VALUE})")
    List<String> dtypes = List.of("f32", "f16", "auto");

    @Option(names = "--frames", description = "frames generated after loading (default ${DEFAULT-VALUE})")
    int frames = 20;

    @Option(names = "--keep", description = "keep the random checkpoint for the next run")
    boolean keep;

    @Override
    public void run() {
        MemoryBench.run(config, dir, dtypes, frames, keep, System.out);
    }
}
