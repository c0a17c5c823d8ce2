package org.vibevoice.golden;

import java.nio.file.Path;
import org.vibevoice.acoustic.AcousticDecoder;
import org.vibevoice.acoustic.AcousticEncoder;
import org.vibevoice.acoustic.LatentScaling;
import org.vibevoice.model.Connector;
import org.vibevoice.model.VibeVoiceConfig;
import org.vibevoice.model.Weights;
import org.vibevoice.semantic.SemanticEncoder;
import org.vibevoice.tensor.DType;

/** The speech-side modules of one model directory in one precision, each loaded on first use. */
final class TokenizerModels implements AutoCloseable {
    private final Weights weights;
    private final VibeVoiceConfig config;
    private AcousticEncoder acousticEncoder;
    private AcousticDecoder acousticDecoder;
    private SemanticEncoder semanticEncoder;
    private Connector acousticConnector;
    private Connector semanticConnector;

    private TokenizerModels(Path dir, DType dtype) {
        this.config = VibeVoiceConfig.read(dir.resolve("config.json"));
        this.weights = Weights.open(dir, dtype);
    }

    /** The cached modules of the case's model in the run's precision. */
    static TokenizerModels of(GoldenCase c, GoldenContext ctx) {
        Path dir = c.modelDir();
        return ctx.cached("tokenizers|" + dir.toAbsolutePath().normalize() + "|" + ctx.dtype(),
                () -> new TokenizerModels(dir, ctx.dtype()));
    }

    AcousticEncoder acousticEncoder() {
        if (acousticEncoder == null) {
            acousticEncoder = AcousticEncoder.load(weights, config);
        }
        return acousticEncoder;
    }

    AcousticDecoder acousticDecoder() {
        if (acousticDecoder == null) {
            acousticDecoder = AcousticDecoder.load(weights, config);
        }
        return acousticDecoder;
    }

    SemanticEncoder semanticEncoder() {
        if (semanticEncoder == null) {
            semanticEncoder = SemanticEncoder.load(weights, config);
        }
        return semanticEncoder;
    }

    Connector acousticConnector() {
        if (acousticConnector == null) {
            acousticConnector = Connector.load(weights, Connector.ACOUSTIC);
        }
        return acousticConnector;
    }

    Connector semanticConnector() {
        if (semanticConnector == null) {
            semanticConnector = Connector.load(weights, Connector.SEMANTIC);
        }
        return semanticConnector;
    }

    LatentScaling scaling() {
        return LatentScaling.load(weights);
    }

    @Override
    public void close() {
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
