package org.vibevoice.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vibevoice.model.ModelSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "info", description = "Print the summary of a model directory: config, tensors per component, bytes.")
final class InfoCommand implements Callable<Integer> {
    @Option(names = "--model_path", required = true, description = "model directory")
    Path modelPath;

    @Override
    public Integer call() {
        System.out.print(ModelSummary.of(modelPath).render());
        return 0;
    }
}
