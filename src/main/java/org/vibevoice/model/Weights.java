package org.vibevoice.model;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.Set;
import org.vibevoice.safetensors.Checkpoint;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Matrix;
import org.vibevoice.tensor.Tensor;

/**
 * A checkpoint's tensors by name, each turned into what the engine computes with: matrices in the
 * requested weight precision (as stored when none is requested: mapped, never copied), and small
 * vectors (norm weights, biases, scalars) always as f32 arrays.
 */
public final class Weights implements AutoCloseable {
    private final Checkpoint checkpoint;
    private final DType target;
    private final Arena converted = Arena.ofShared();

    private Weights(Checkpoint checkpoint, DType target) {
        this.checkpoint = checkpoint;
        this.target = target;
    }

    /** Opens the weights of a model directory; {@code target} null keeps each tensor as stored. */
    public static Weights open(Path modelDir, DType target) {
        return new Weights(Checkpoint.open(modelDir), target);
    }

    public static Weights of(Checkpoint checkpoint, DType target) {
        return new Weights(checkpoint, target);
    }

    public Checkpoint checkpoint() {
        return checkpoint;
    }

    /** The requested weight precision, or null when tensors are used as stored. */
    public DType target() {
        return target;
    }

    public boolean has(String name) {
        return checkpoint.contains(name);
    }

    public Set<String> names() {
        return checkpoint.names();
    }

    /** The raw tensor as stored. */
    public Tensor raw(String name) {
        return checkpoint.tensor(name);
    }

    /** A weight matrix in the requested precision (converted once, at load time). */
    public Matrix matrix(String name) {
        Tensor t = checkpoint.tensor(name);
        if (target != null && t.dtype() != target && t.dtype().isFloat()) {
            t = t.convertTo(target, converted);
        }
        return Matrix.of(t);
    }

    /** A small tensor (norm weight, bias, scalar) as f32 values. */
    public float[] floats(String name) {
        return checkpoint.tensor(name).toFloats();
    }

    /** A 0-dim (or 1-element) tensor as a float. */
    public float scalar(String name) {
        return checkpoint.tensor(name).getFloat(0);
    }

    @Override
    public void close() {
        converted.close();
        checkpoint.close();
    }
}
