package org.vibevoice.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.api.VibeVoice;
import org.vibevoice.diffusion.DpmSolver;
import org.vibevoice.generate.GenerationParams;
import org.vibevoice.processor.VoiceMapper;
import org.vibevoice.server.SpeechServer;
import org.vibevoice.server.SpeechService;
import org.vibevoice.server.TextExamples;
import org.vibevoice.server.VoiceLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve}: the web demo (the original's Gradio demo) and an OpenAI-compatible speech API, one loaded model. */
@Command(name = "serve", description = "Serve the web demo and the OpenAI-compatible speech API (POST /v1/audio/speech).")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--voices_dir", description = "folder of voice samples (WAV/FLAC/MP3), default ${DEFAULT-VALUE}")
    Path voicesDir = Path.of("demo/voices");

    @Option(names = "--text_examples_dir", description = "folder of example scripts (*.txt) the page offers")
    Path textExamplesDir;

    @Option(names = "--host", description = "address to listen on, default ${DEFAULT-VALUE} (this machine only)")
    String host = "127.0.0.1";

    @Option(names = "--port", description = "TCP port, default ${DEFAULT-VALUE}; 0 picks a free one")
    int port = SpeechServer.Options.DEFAULT_PORT;

    @Option(names = "--max_concurrent", description = "generations at once, default ${DEFAULT-VALUE} (each slot holds its own model instance)")
    int maxConcurrent = 1;

    @Option(names = "--max_queue", description = "requests that may wait for a slot before new ones get 429, default ${DEFAULT-VALUE}")
    int maxQueue = 20;

    @Option(names = "--max_text_chars", description = "longest accepted script, default ${DEFAULT-VALUE}")
    int maxTextChars = 20_000;

    @Option(names = "--max_upload_bytes", description = "largest accepted voice upload, default ${DEFAULT-VALUE}")
    long maxUploadBytes = 10L << 20;

    @Option(names = "--max_new_tokens", description = "cap on generated tokens per request (default: the model's limit)")
    int maxNewTokens;

    @Option(names = "--solver", description = "dpmsolver++ (default, as the synthesize command) or sde-dpmsolver++ (as the Gradio demo)")
    String solver = "dpmsolver++";

    @Override
    public Integer call() throws InterruptedException {
        if (maxConcurrent < 1) {
            throw new VibeVoiceException("--max_concurrent must be at least 1, got " + maxConcurrent);
        }
        if (maxQueue < 0 || maxTextChars < 1 || maxUploadBytes < 1) {
            throw new VibeVoiceException("--max_queue must be >= 0, --max_text_chars and --max_upload_bytes > 0");
        }
        if (port < 0 || port > 65535) {
            throw new VibeVoiceException("--port must be 0..65535, got " + port);
        }
        var load = model.loadOptions();
        GenerationParams params = GenerationParams.DEFAULTS.withMaxNewTokens(maxNewTokens)
                .withSolver(DpmSolver.Algorithm.parse(solver));
        List<TextExamples.Example> examples = TextExamples.load(textExamplesDir);
        VoiceMapper.scan(voicesDir); // a missing voices directory fails before the model loads
        System.err.printf("loading %s (weights %s, %d slot(s)) ...%n", model.modelPath, load.precision().describe(),
                maxConcurrent);
        SpeechService service = SpeechService.start(model::load, maxConcurrent,
                maxQueue);
        VoiceLibrary voices;
        try {
            voices = VoiceLibrary.open(voicesDir, service.sampleRate());
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        SpeechServer server;
        try {
            server = SpeechServer.start(service, voices, new SpeechServer.Options(host, port, maxTextChars,
                    maxUploadBytes, examples, params));
        } catch (RuntimeException e) {
            voices.close();
            service.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.printf("VibeVoice server: %s  (model %s, %d voices, %d example scripts)%n", server.uri(),
                service.modelName(), voices.presetNames().size(), examples.size());
        System.out.printf("OpenAI-compatible API: POST %sv1/audio/speech; Ctrl-C stops%n", server.uri());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
