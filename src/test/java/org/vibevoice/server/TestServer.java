package org.vibevoice.server;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vibevoice.api.VibeVoice;
import org.vibevoice.generate.GenerationParams;
import org.vibevoice.golden.GoldenFixtures;
import org.vibevoice.tensor.DType;

/**
 * A server on a free loopback port over the fixtures' tiny model, with the fixture voices under
 * demo-like names, two example scripts (and one the 15-minute rule hides), and a {@link Probe}.
 */
final class TestServer implements AutoCloseable {
    /** Keeps each generation short: the tiny model's random weights rarely choose eos. */
    static final int MAX_NEW_TOKENS = 60;
    static final int MAX_TEXT_CHARS = 2_000;
    static final long MAX_UPLOAD_BYTES = 200_000;

    final Path model;
    final Path voicesDir;
    final Probe probe = new Probe();
    final SpeechServer server;
    final SpeechService service;
    final VoiceLibrary voices;

    TestServer(Path tmp, int maxQueue) throws IOException {
        this(tmp, maxQueue, params());
    }

    TestServer(Path tmp, int maxQueue, GenerationParams params) throws IOException {
        Path golden = GoldenFixtures.dir();
        model = golden.resolve("models/tiny-a").toAbsolutePath();
        voicesDir = Files.createDirectories(tmp.resolve("voices"));
        Files.copy(golden.resolve("data/voice_carter.wav"), voicesDir.resolve("en-Carter_man.wav"));
        Files.copy(golden.resolve("data/voice_frank.wav"), voicesDir.resolve("en-Frank_man.wav"));
        Files.copy(golden.resolve("data/voice_maya.wav"), voicesDir.resolve("en-Maya_woman.wav"));
        Path examples = Files.createDirectories(tmp.resolve("text_examples"));
        Files.writeString(examples.resolve("1p_hello.txt"), "Speaker 1: Hello from the example.\n");
        Files.writeString(examples.resolve("2p_short.txt"), "Speaker 1: Hi there.\nSpeaker 2: Hello,\nhow are you?\n");
        Files.writeString(examples.resolve("4p_climate_45min.txt"), "Speaker 1: Far too long.\n");
        service = SpeechService.of(List.of(loadModel()), maxQueue, probe);
        voices = VoiceLibrary.open(voicesDir, service.sampleRate());
        server = SpeechServer.start(service, voices, new SpeechServer.Options("127.0.0.1", 0, MAX_TEXT_CHARS,
                MAX_UPLOAD_BYTES, TextExamples.load(examples), params));
    }

    static GenerationParams params() {
        return GenerationParams.DEFAULTS.withMaxNewTokens(MAX_NEW_TOKENS);
    }

    VibeVoice loadModel() {
        return VibeVoice.load(model.toString(), (DType) null);
    }

    URI uri(String path) {
        return server.uri().resolve(path);
    }

    @Override
    public void close() {
        probe.releaseAll();
        server.close();
    }
}
