package org.vibevoice.cli;

import java.util.concurrent.Callable;
import org.vibevoice.model.BundledModel;
import org.vibevoice.model.ModelSummary;
import picocli.CommandLine.Command;

@Command(name = "demo", description = "Run the main job on the bundled tiny model.")
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        var dir = BundledModel.tinyDir();
        System.out.println("Bundled tiny model (random weights, real VibeVoice structure): " + dir);
        System.out.print(ModelSummary.of(dir).render());
        return 0;
    }
}
