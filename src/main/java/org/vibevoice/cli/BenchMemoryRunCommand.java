package org.vibevoice.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.vibevoice.bench.MemoryBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The child process of {@code bench memory}: one precision, one JSON line. */
@Command(name = "memory-run", hidden = true)
final class BenchMemoryRunCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--model", required = true)
    Path model;

    @Option(names = "--dtype", required = true)
    String dtype;

    @Option(names = "--frames", required = true)
    int frames;

    @Override
    public Integer call() throws IOException {
        MemoryBench.measure(model, dtype, frames, System.out);
        return 0;
    }
}
