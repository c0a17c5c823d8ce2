package org.vibevoice.cli;

import org.vibevoice.bench.TokenizerBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tokenizer", description = "Tokenizer load time and encode MB/s on a generated multi-script corpus.")
final class BenchTokenizerCommand implements Runnable {
    @Option(names = "--mb", description = "corpus size in MB of UTF-8 (default ${DEFAULT-VALUE})")
    double megabytes = 4;

    @Option(names = "--repeats", description = "warm passes (default ${DEFAULT-VALUE})")
    int repeats = 5;

    @Override
    public void run() {
        TokenizerBench.run(megabytes, repeats, System.out);
    }
}
