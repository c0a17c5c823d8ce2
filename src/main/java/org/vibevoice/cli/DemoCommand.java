package org.vibevoice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.api.SynthesisResult;
import org.vibevoice.api.VibeVoice;
import org.vibevoice.audio.AudioFiles;
import org.vibevoice.generate.GenerationParams;
import org.vibevoice.generate.VibeVoiceModel;
import org.vibevoice.model.BundledModel;
import org.vibevoice.processor.DemoScript;
import org.vibevoice.random.TorchGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The README's main job: a bundled script and voice through the bundled tiny model, seed 42. */
@Command(name = "demo", description = "Synthesize a bundled sample script with the bundled tiny model (random weights).")
final class DemoCommand implements Callable<Integer> {
    private static final String RESOURCES = "/org/vibevoice/demo/";

    @Option(names = "--output_dir", description = "default ${DEFAULT-VALUE}")
    Path outputDir = Path.of("outputs");

    @Override
    public Integer call() throws IOException {
        Path dir = BundledModel.tinyDir();
        DemoScript script = DemoScript.parse(resourceText("script.txt"));
        Files.createDirectories(outputDir);
        Path output = outputDir.resolve("demo_generated.wav");
        try (VibeVoice tts = VibeVoice.of(VibeVoiceModel.load(dir, null))) {
            float[] voice = AudioFiles.load(dir.resolve("voice.wav"), tts.sampleRate()).samples();
            SynthesisProgress progress = SynthesisProgress.stderr(tts.model().hopLength(), tts.sampleRate());
            SynthesisResult r = tts.synthesizeToWav(script.text(), List.of(voice), GenerationParams.DEFAULTS,
                    new TorchGenerator(42), output, progress, () -> false);
            progress.finish();
            System.out.println("Bundled tiny model (random weights, the real VibeVoice structure): " + dir);
            System.out.println("saved: " + output.toAbsolutePath());
            System.out.println(SynthesizeCommand.summary(r));
            System.out.println("The tiny model's output is noise. For real speech, use the published weights, e.g.:");
            System.out.println("  ./vibevoice synthesize --model_path microsoft/VibeVoice-1.5B --txt_path script.txt "
                    + "--voices_dir demo/voices --speaker_names Alice Frank --use_f16");
            return 0;
        }
    }

    private static String resourceText(String name) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new VibeVoiceException("the jar lacks the demo file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
