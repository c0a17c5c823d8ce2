package org.vibevoice.api;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.vibevoice.audio.AudioFiles;
import org.vibevoice.audio.WavWriter;
import org.vibevoice.generate.GenerationListener;
import org.vibevoice.generate.GenerationParams;
import org.vibevoice.generate.GenerationResult;
import org.vibevoice.generate.Generator;
import org.vibevoice.generate.VibeVoiceModel;
import org.vibevoice.hub.ModelLocator;
import org.vibevoice.model.LoadOptions;
import org.vibevoice.processor.ProcessorOutput;
import org.vibevoice.processor.VibeVoiceProcessor;
import org.vibevoice.random.NoiseSource;
import org.vibevoice.tensor.DType;

/**
 * The library entry point: load a VibeVoice model (a directory or a Hugging Face id), then turn
 * scripts of {@code Speaker N:} lines and voice samples into 24 kHz speech, streamed to a listener
 * frame by frame.
 *
 * <pre>{@code
 * try (VibeVoice tts = VibeVoice.load("microsoft/VibeVoice-1.5B", DType.BF16)) {
 *     List<float[]> voices = List.of(tts.loadVoice(Path.of("alice.wav")), tts.loadVoice(Path.of("frank.wav")));
 *     tts.synthesize("Speaker 1: Hello!\nSpeaker 2: Hi there.", voices, GenerationParams.DEFAULTS,
 *             new TorchGenerator(42), listener, () -> false);
 * }
 * }</pre>
 */
public final class VibeVoice implements AutoCloseable {
    private final VibeVoiceModel model;
    private final Generator generator;

    private VibeVoice(VibeVoiceModel model) {
        this.model = model;
        this.generator = new Generator(model);
    }

    /**
     * Loads a model from a directory or a Hugging Face id (from the shared cache, downloading when
     * needed). {@code dtype} null keeps every weight as stored (mapped, never copied).
     */
    public static VibeVoice load(String modelPathOrId, String revision, DType dtype) {
        Path dir = ModelLocator.fromEnvironment().resolve(modelPathOrId, revision);
        return new VibeVoice(VibeVoiceModel.load(dir, dtype));
    }

    /** As {@link #load(String, String, DType)} with a full precision policy and KV-cache type. */
    public static VibeVoice loadWith(String modelPathOrId, String revision, LoadOptions options) {
        Path dir = ModelLocator.fromEnvironment().resolve(modelPathOrId, revision);
        return new VibeVoice(VibeVoiceModel.loadWith(dir, options));
    }

    public static VibeVoice load(String modelPathOrId, DType dtype) {
        return load(modelPathOrId, null, dtype);
    }

    public static VibeVoice of(VibeVoiceModel model) {
        return new VibeVoice(model);
    }

    public VibeVoiceModel model() {
        return model;
    }

    public int sampleRate() {
        return model.sampleRate();
    }

    /** A voice sample from a WAV, FLAC or MP3 file: mono, resampled to the model's rate. */
    public float[] loadVoice(Path file) {
        return AudioFiles.load(file, model.sampleRate()).samples();
    }

    /**
     * Synthesizes one script. {@code voices.get(k)} is the voice of the k-th speaker (speaker ids in
     * increasing order); voices beyond the number of speakers are ignored. Audio goes to
     * {@code listener} as each frame is decoded; {@code stop} is polled before every step.
     */
    public SynthesisResult synthesize(String script, List<float[]> voices, GenerationParams params, NoiseSource noise,
            GenerationListener listener, BooleanSupplier stop) {
        long t0 = System.nanoTime();
        VibeVoiceProcessor processor = model.processor();
        ProcessorOutput in = processor.process(List.of(new VibeVoiceProcessor.Request(script, voices)));
        GenerationResult r = generator.generate(in, params, noise, listener, stop, Generator.Keep.FRAMES);
        double wall = (System.nanoTime() - t0) / 1e9;
        int frames = r.frames()[0];
        int prompt = r.promptLengths()[0];
        return new SynthesisResult(prompt, r.sequences()[0].length - prompt, frames,
                frames * (double) model.hopLength() / model.sampleRate(), wall, r.reachedStepLimit()[0], r.stopped());
    }

    /**
     * Synthesizes one script into a 16-bit PCM WAV file, streamed frame by frame under a temporary
     * name and renamed into place when complete (on failure no file is left). {@code progress} may
     * be null.
     */
    public SynthesisResult synthesizeToWav(String script, List<float[]> voices, GenerationParams params, NoiseSource noise,
            Path output, GenerationListener progress, BooleanSupplier stop) {
        try (WavWriter wav = WavWriter.create(output, sampleRate(), 1, WavWriter.Encoding.PCM16)) {
            GenerationListener sink = new GenerationListener() {
                @Override
                public void onAudio(int sample, float[] audio, int offset, int length) {
                    wav.write(audio, offset, length);
                    if (progress != null) {
                        progress.onAudio(sample, audio, offset, length);
                    }
                }
            };
            try {
                return synthesize(script, voices, params, noise, sink, stop);
            } catch (RuntimeException | Error e) {
                wav.abort();
                throw e;
            }
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
