package org.vibevoice.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.api.SynthesisResult;
import org.vibevoice.api.VibeVoice;
import org.vibevoice.bench.ResidentMemory;
import org.vibevoice.diffusion.DpmSolver;
import org.vibevoice.generate.GenerationParams;
import org.vibevoice.model.LoadOptions;
import org.vibevoice.processor.DemoScript;
import org.vibevoice.processor.VoiceMapper;
import org.vibevoice.random.TorchGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code synthesize}: the original demo/inference_from_file.py, streaming the WAV as it is made. */
@Command(name = "synthesize", description = "Synthesize a script file (Speaker N: lines) to a WAV file.")
final class SynthesizeCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--txt_path", required = true, description = "script file: one 'Speaker N: text' per line")
    Path txtPath;

    @Option(names = "--speaker_names", arity = "1..*",
            description = "voice names for Speaker 1, 2, … (matched to files in --voices_dir); default: the first voices")
    List<String> speakerNames = List.of();

    @Option(names = "--voices_dir", description = "folder of voice samples (WAV/FLAC/MP3), default ${DEFAULT-VALUE}")
    Path voicesDir = Path.of("demo/voices");

    @Option(names = "--output_dir", description = "default ${DEFAULT-VALUE}")
    Path outputDir = Path.of("outputs");

    @Option(names = "--cfg_scale", description = "classifier-free guidance scale, default ${DEFAULT-VALUE}")
    float cfgScale = 1.3f;

    @Option(names = "--steps", description = "diffusion steps per frame, default ${DEFAULT-VALUE}")
    int steps = 10;

    @Option(names = "--seed", description = "seed of the PyTorch-compatible noise generator (default: random, printed)")
    Long seed;

    @Option(names = "--max_new_tokens", description = "cap on generated tokens (default: the model's limit)")
    int maxNewTokens;

    @Option(names = "--solver", description = "dpmsolver++ (default, as inference_from_file.py) or sde-dpmsolver++ (as the web demo)")
    String solver = "dpmsolver++";

    @Option(names = "--device", description = "cpu (the only device this engine runs on)")
    String device = "cpu";

    @Option(names = "--disable_prefill", description = "no voice cloning: the prompt has no voice section")
    boolean disablePrefill;

    @Override
    public Integer call() throws IOException {
        if (!device.equalsIgnoreCase("cpu")) {
            throw new VibeVoiceException("--device " + device + " is not supported: vibevoice-java runs on the CPU");
        }
        LoadOptions load = model.loadOptions();
        GenerationParams params = GenerationParams.DEFAULTS.withCfgScale(cfgScale).withDiffusionSteps(steps)
                .withMaxNewTokens(maxNewTokens).withSolver(DpmSolver.Algorithm.parse(solver));
        DemoScript script = DemoScript.read(txtPath);
        List<Path> voiceFiles = disablePrefill ? List.of() : voiceFiles(script.speakerNumbers().size());
        String base = txtPath.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        Path output = outputDir.resolve(base + "_generated.wav");
        refuseToOverwriteInputs(output, voiceFiles);
        long s = seed != null ? seed : new SecureRandom().nextLong() >>> 1;
        try (VibeVoice tts = VibeVoice.loadWith(model.modelPath, model.revision, load)) {
            List<float[]> voices = new ArrayList<>();
            for (Path f : voiceFiles) {
                voices.add(tts.loadVoice(f));
            }
            Files.createDirectories(outputDir);
            System.err.printf("model %s (weights %s, %s KV cache), %d speaker(s), seed %d%n", tts.model().dir(),
                    load.precision().describe(), load.kvCache().name().toLowerCase(Locale.ROOT),
                    script.speakerNumbers().size(), s);
            SynthesisProgress progress = SynthesisProgress.stderr(tts.model().hopLength(), tts.sampleRate());
            SynthesisResult r = tts.synthesizeToWav(script.text(), voices, params, new TorchGenerator(s), output,
                    progress, () -> false);
            progress.finish();
            System.out.println("saved: " + output);
            System.out.println(summary(r));
            return 0;
        }
    }

    static String summary(SynthesisResult r) {
        String rtf = r.frames() == 0 ? "RTF n/a (the model made no audio frame)" : String.format(Locale.ROOT, "RTF %.2f",
                r.realTimeFactor());
        return String.format(Locale.ROOT, "prompt tokens %d, generated tokens %d, frames %d, audio %.2f s, wall %.2f s, "
                + "%s, peak memory %.2f GB%s", r.promptTokens(), r.generatedTokens(), r.frames(), r.audioSeconds(),
                r.wallSeconds(), rtf, ResidentMemory.peak() / 1e9,
                r.reachedStepLimit() ? " (stopped at the step limit)" : "");
    }

    /** Voice files for speakers 1..n: the given names in order, else the first voices of the folder. */
    private List<Path> voiceFiles(int speakers) {
        VoiceMapper mapper = VoiceMapper.scan(voicesDir);
        List<String> names = speakerNames;
        if (names.isEmpty()) {
            names = mapper.voices().subList(0, Math.min(speakers, mapper.voices().size()));
            System.err.println("no --speaker_names: using " + String.join(", ", names));
        }
        if (names.size() < speakers) {
            throw new VibeVoiceException(txtPath + ": the script has " + speakers + " speakers but only " + names.size()
                    + " voice(s) were given (" + String.join(", ", names) + ")");
        }
        List<Path> files = new ArrayList<>();
        for (String n : names.subList(0, speakers)) {
            files.add(mapper.resolve(n));
        }
        return files;
    }

    private void refuseToOverwriteInputs(Path output, List<Path> voices) {
        Path out = output.toAbsolutePath().normalize();
        List<Path> inputs = new ArrayList<>(voices);
        inputs.add(txtPath);
        for (Path p : inputs) {
            if (p.toAbsolutePath().normalize().equals(out)) {
                throw new VibeVoiceException(output + ": the output would overwrite an input file");
            }
        }
    }
}
