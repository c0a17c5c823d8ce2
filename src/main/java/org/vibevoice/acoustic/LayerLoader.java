package org.vibevoice.acoustic;

import java.lang.foreign.Arena;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.model.Weights;
import org.vibevoice.tensor.Conv1d;
import org.vibevoice.tensor.ConvTranspose1d;
import org.vibevoice.tensor.Convert;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.DepthwiseConv1d;
import org.vibevoice.tensor.PackedLinear;
import org.vibevoice.tensor.Tensor;

/**
 * Reads tokenizer layers from a checkpoint and packs them for the kernels into the model's arena,
 * in the precision the weights' policy gives each tensor (after its range check), releasing the
 * mapped source pages once packed. Norm weights, biases and layer scales stay f32.
 */
final class LayerLoader {
    private final Weights weights;
    private final Arena arena;

    LayerLoader(Weights weights, Arena arena) {
        this.weights = weights;
        this.arena = arena;
    }

    /**
     * Builds a model whose packed weights go to a new arena that the model then owns; the arena is
     * closed again if building fails.
     */
    static <T> T build(Weights weights, java.util.function.Function<LayerLoader, T> make) {
        Arena arena = Arena.ofShared();
        try {
            return make.apply(new LayerLoader(weights, arena));
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    Arena arena() {
        return arena;
    }

    Weights weights() {
        return weights;
    }

    Tensor tensor(String name) {
        return weights.raw(name);
    }

    boolean has(String name) {
        return weights.has(name);
    }

    private DType precision(Tensor t) {
        return weights.precisionOf(t);
    }

    float[] floats(String name) {
        return weights.floats(name);
    }

    /** A bias or layer-scale vector, or null when the checkpoint has none. */
    float[] optionalFloats(String name) {
        return weights.has(name) ? weights.floats(name) : null;
    }

    /** nn.Linear {@code prefix.weight} [out][in] with {@code prefix.bias}. */
    PackedLinear linear(String prefix) {
        Tensor w = tensor(prefix + ".weight");
        if (w.rank() != 2) {
            throw shape(w, "[out][in]");
        }
        int n = w.dim(0);
        int k = w.dim(1);
        PackedLinear packed = PackedLinear.pack(n, k, precision(w),
                (j, row) -> Convert.read(w.dtype(), w.data(), (long) j * k, row, 0, k),
                optionalFloats(prefix + ".bias"), arena);
        weights.release(w);
        return packed;
    }

    /** nn.Conv1d {@code prefix.weight} [out][in/groups][k] with {@code prefix.bias}. */
    Conv1d conv(String prefix, int stride, int groups) {
        Tensor w = tensor(prefix + ".weight");
        if (w.rank() != 3) {
            throw shape(w, "[out][in/groups][k]");
        }
        Conv1d conv = Conv1d.of(w, optionalFloats(prefix + ".bias"), stride, 1, groups, precision(w), arena);
        weights.release(w);
        return conv;
    }

    /** A depthwise nn.Conv1d {@code prefix.weight} [C][1][k] with {@code prefix.bias}. */
    DepthwiseConv1d depthwise(String prefix) {
        Tensor w = tensor(prefix + ".weight");
        if (w.rank() != 3 || w.dim(1) != 1) {
            throw shape(w, "[C][1][k]");
        }
        DepthwiseConv1d conv = new DepthwiseConv1d(w, optionalFloats(prefix + ".bias"), 1, precision(w));
        weights.release(w);
        return conv;
    }

    /** nn.ConvTranspose1d {@code prefix.weight} [in][out][k] with {@code prefix.bias}. */
    ConvTranspose1d convTranspose(String prefix, int stride) {
        Tensor w = tensor(prefix + ".weight");
        if (w.rank() != 3) {
            throw shape(w, "[in][out][k]");
        }
        ConvTranspose1d conv = ConvTranspose1d.of(w, optionalFloats(prefix + ".bias"), stride, precision(w), arena);
        weights.release(w);
        return conv;
    }

    private VibeVoiceException shape(Tensor t, String want) {
        return new VibeVoiceException(weights.checkpoint().location() + ": tensor " + t.name() + " has shape "
                + t.shapeString() + ", expected " + want);
    }

    VibeVoiceException mismatch(String what) {
        return new VibeVoiceException(weights.checkpoint().location() + ": " + what);
    }
}
