package org.vibevoice.cli;

import java.util.concurrent.Callable;
import org.vibevoice.hub.ModelLocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "download", mixinStandardHelpOptions = true, description = {
        "Fetch a model from the Hugging Face hub into the cache shared with the Python tools and print its directory.",
        "Uses HF_ENDPOINT, HF_TOKEN, HF_HUB_CACHE / HF_HOME and HF_HUB_OFFLINE like huggingface_hub;"
                + " an interrupted download resumes."})
final class DownloadCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "hub id such as microsoft/VibeVoice-1.5B (a local directory is printed as is)")
    String model;

    @Option(names = "--revision", defaultValue = ModelLocator.DEFAULT_REVISION,
            description = "branch, tag or commit (default: ${DEFAULT-VALUE})")
    String revision;

    @Override
    public Integer call() {
        System.out.println(ModelLocator.fromEnvironment().resolve(model, revision));
        return 0;
    }
}
