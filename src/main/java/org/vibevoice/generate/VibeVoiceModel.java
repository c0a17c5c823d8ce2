package org.vibevoice.generate;

import java.nio.file.Files;
import java.nio.file.Path;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.acoustic.AcousticDecoder;
import org.vibevoice.acoustic.AcousticEncoder;
import org.vibevoice.acoustic.LatentScaling;
import org.vibevoice.acoustic.VoicePromptEmbedder;
import org.vibevoice.diffusion.DiffusionHead;
import org.vibevoice.diffusion.DpmSolver;
import org.vibevoice.diffusion.SpeechSampler;
import org.vibevoice.hub.ModelLocator;
import org.vibevoice.lm.Qwen2Model;
import org.vibevoice.model.Connector;
import org.vibevoice.model.LoadOptions;
import org.vibevoice.model.PreprocessorConfig;
import org.vibevoice.model.VibeVoiceConfig;
import org.vibevoice.model.Weights;
import org.vibevoice.processor.VibeVoiceProcessor;
import org.vibevoice.safetensors.Checkpoint;
import org.vibevoice.semantic.SemanticEncoder;
import org.vibevoice.tensor.DType;
import org.vibevoice.tokenizer.Tokenizer;
import org.vibevoice.tokenizer.Tokenizers;

/**
 * Every module of a VibeVoice checkpoint, loaded on first use from one set of weights: the Qwen2
 * LM, the σ-VAE acoustic encoder and streaming decoder, the semantic encoder, both connectors, the
 * diffusion head with its samplers, the tokenizer and the processor.
 */
public final class VibeVoiceModel implements AutoCloseable {
    private final Path dir;
    private final VibeVoiceConfig config;
    private final PreprocessorConfig preprocessor;
    private final Weights weights;
    private final LoadOptions options;
    private Tokenizer tokenizer;
    private Qwen2Model lm;
    private AcousticEncoder acousticEncoder;
    private AcousticDecoder acousticDecoder;
    private SemanticEncoder semanticEncoder;
    private Connector acousticConnector;
    private Connector semanticConnector;
    private LatentScaling scaling;
    private DiffusionHead head;
    private final SpeechSampler[] samplers = new SpeechSampler[DpmSolver.Algorithm.values().length];

    private VibeVoiceModel(Path dir, VibeVoiceConfig config, PreprocessorConfig preprocessor, Weights weights,
            LoadOptions options) {
        this.dir = dir;
        this.config = config;
        this.preprocessor = preprocessor;
        this.weights = weights;
        this.options = options;
    }

    /**
     * Opens a model directory ({@code config.json}, optional {@code preprocessor_config.json},
     * safetensors weights). {@code dtype} null keeps every tensor as stored (mapped, never copied);
     * otherwise weight matrices are converted once, as each module loads.
     */
    public static VibeVoiceModel load(Path dir, DType dtype) {
        return loadWith(dir, LoadOptions.of(dtype));
    }

    /** As {@link #load(Path, DType)} with a full precision policy and KV-cache type. */
    public static VibeVoiceModel loadWith(Path dir, LoadOptions options) {
        if (!Files.isDirectory(dir)) {
            throw new VibeVoiceException(dir + ": model directory does not exist");
        }
        Path configJson = dir.resolve("config.json");
        if (!Files.isRegularFile(configJson)) {
            throw new VibeVoiceException(dir + ": no config.json (not a VibeVoice model directory)");
        }
        if (!Checkpoint.hasWeights(dir)) {
            throw new VibeVoiceException(dir + ": no model.safetensors or model.safetensors.index.json (no weights)");
        }
        VibeVoiceConfig cfg = VibeVoiceConfig.read(configJson);
        PreprocessorConfig pre = PreprocessorConfig.read(dir.resolve("preprocessor_config.json"));
        return new VibeVoiceModel(dir, cfg, pre, Weights.openWith(dir, options.precision()), options);
    }

    public Path dir() {
        return dir;
    }

    public VibeVoiceConfig config() {
        return config;
    }

    public PreprocessorConfig preprocessor() {
        return preprocessor;
    }

    public Weights weights() {
        return weights;
    }

    public LoadOptions options() {
        return options;
    }

    /** Samples of 24 kHz audio per latent frame (3200 for the published models). */
    public int hopLength() {
        return config.acousticTokenizer().hopLength();
    }

    public int sampleRate() {
        return preprocessor.samplingRate();
    }

    /**
     * The text tokenizer: files in the model directory, else the processor's
     * {@code language_model_pretrained_name} in the Hugging Face cache, else the bundled Qwen2.5 one.
     */
    public synchronized Tokenizer tokenizer() {
        if (tokenizer == null) {
            Path own = dir;
            if (!Files.isRegularFile(dir.resolve("tokenizer.json")) && !Files.isRegularFile(dir.resolve("vocab.json"))) {
                own = ModelLocator.fromEnvironment().findTokenizer(preprocessor.languageModelPretrainedName()).orElse(null);
            }
            tokenizer = own == null ? Tokenizers.forModel(dir) : Tokenizers.open(own);
        }
        return tokenizer;
    }

    public VibeVoiceProcessor processor() {
        return new VibeVoiceProcessor(tokenizer()::encode, preprocessor.speechTokCompressRatio(), preprocessor.dbNormalize());
    }

    public synchronized Qwen2Model lm() {
        if (lm == null) {
            lm = Qwen2Model.load(weights, config, options.kvCache());
        }
        return lm;
    }

    public synchronized AcousticEncoder acousticEncoder() {
        if (acousticEncoder == null) {
            acousticEncoder = AcousticEncoder.load(weights, config);
        }
        return acousticEncoder;
    }

    public synchronized AcousticDecoder acousticDecoder() {
        if (acousticDecoder == null) {
            acousticDecoder = AcousticDecoder.load(weights, config);
        }
        return acousticDecoder;
    }

    public synchronized SemanticEncoder semanticEncoder() {
        if (semanticEncoder == null) {
            semanticEncoder = SemanticEncoder.load(weights, config);
        }
        return semanticEncoder;
    }

    public synchronized Connector acousticConnector() {
        if (acousticConnector == null) {
            acousticConnector = Connector.load(weights, Connector.ACOUSTIC);
        }
        return acousticConnector;
    }

    public synchronized Connector semanticConnector() {
        if (semanticConnector == null) {
            semanticConnector = Connector.load(weights, Connector.SEMANTIC);
        }
        return semanticConnector;
    }

    public synchronized LatentScaling scaling() {
        if (scaling == null) {
            scaling = LatentScaling.load(weights);
        }
        return scaling;
    }

    public VoicePromptEmbedder voiceEmbedder() {
        return new VoicePromptEmbedder(acousticEncoder(), scaling(), acousticConnector());
    }

    public synchronized DiffusionHead diffusionHead() {
        if (head == null) {
            head = DiffusionHead.load(weights, config.diffusionHead());
        }
        return head;
    }

    public synchronized SpeechSampler sampler(DpmSolver.Algorithm algorithm) {
        int i = algorithm.ordinal();
        if (samplers[i] == null) {
            samplers[i] = SpeechSampler.create(diffusionHead(), config.diffusionHead(), algorithm);
        }
        return samplers[i];
    }

    @Override
    public synchronized void close() {
        if (acousticEncoder != null) {
            acousticEncoder.close();
        }
        if (acousticDecoder != null) {
            acousticDecoder.close();
        }
        if (semanticEncoder != null) {
            semanticEncoder.close();
        }
        weights.close();
    }
}
