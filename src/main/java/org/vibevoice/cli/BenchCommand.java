package org.vibevoice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "bench", description = "Benchmarks at the real model shapes, as ratios to bounds measured in the same run.",
        subcommands = {BenchTokenizerCommand.class, BenchLmCommand.class, BenchDiffusionCommand.class,
                BenchAudioCommand.class, BenchKernelsCommand.class, BenchMemoryCommand.class, BenchMemoryRunCommand.class,
                BenchE2eCommand.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
