package org.vibevoice.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.vibevoice.safetensors.Checkpoint;
import org.vibevoice.tensor.Convert;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Matrix;
import org.vibevoice.tensor.Tensor;

/**
 * A checkpoint's tensors by name, each turned into what the engine computes with, as a
 * {@link PrecisionPolicy} says: matrices as stored (mapped, never copied) or converted tensor by
 * tensor on first use (the mapped source pages are then released, so the process never holds both
 * copies), and small vectors (norm weights, biases, scalars) always as f32 arrays. A tensor that
 * does not fit its 16-bit target ({@link Narrowing}) stays as stored and is reported.
 */
public final class Weights implements AutoCloseable {
    /** A tensor kept as stored because it does not fit the precision it was wanted in. */
    public record Fallback(String name, DType stored, DType wanted, String reason) {
        public String line() {
            return String.format(Locale.ROOT, "keeping %s in %s (not %s): %s", name,
                    stored.name().toLowerCase(Locale.ROOT), wanted.name().toLowerCase(Locale.ROOT), reason);
        }
    }

    private final Checkpoint checkpoint;
    private final PrecisionPolicy policy;
    private final Consumer<String> notices;
    private final boolean tiedLmHead;
    private final List<Arena> arenas = new ArrayList<>();
    private final Map<String, Matrix> matrices = new HashMap<>();
    private final Map<String, DType> packing = new HashMap<>();
    private final List<Fallback> fallbacks = new ArrayList<>();

    private Weights(Checkpoint checkpoint, PrecisionPolicy policy, Consumer<String> notices) {
        this.checkpoint = checkpoint;
        this.policy = policy;
        this.notices = notices;
        this.tiedLmHead = !checkpoint.contains("lm_head.weight");
    }

    /** Opens the weights of a model directory; {@code target} null keeps each tensor as stored. */
    public static Weights open(Path modelDir, DType target) {
        return openWith(modelDir, PrecisionPolicy.of(target));
    }

    /** Opens the weights of a model directory; fallbacks are reported on stderr. */
    public static Weights openWith(Path modelDir, PrecisionPolicy policy) {
        return new Weights(Checkpoint.open(modelDir), policy, Weights::toStderr);
    }

    public static Weights of(Checkpoint checkpoint, DType target) {
        return of(checkpoint, PrecisionPolicy.of(target), Weights::toStderr);
    }

    /** Weights over an open checkpoint (closed with these weights); fallbacks go to {@code notices}. */
    public static Weights of(Checkpoint checkpoint, PrecisionPolicy policy, Consumer<String> notices) {
        return new Weights(checkpoint, policy, notices);
    }

    private static void toStderr(String line) {
        System.err.println("vibevoice: " + line);
    }

    public Checkpoint checkpoint() {
        return checkpoint;
    }

    public PrecisionPolicy policy() {
        return policy;
    }

    /** The requested weight precision, or null when tensors are used as stored. */
    public DType target() {
        return policy.target();
    }

    /** Tensors kept as stored because they did not fit their wanted precision, so far. */
    public synchronized List<Fallback> fallbacks() {
        return List.copyOf(fallbacks);
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

    /** A weight matrix in the precision the policy gives it (converted once, on first use). */
    public synchronized Matrix matrix(String name) {
        Matrix m = matrices.get(name);
        if (m == null) {
            m = Matrix.of(resolve(checkpoint.tensor(name)));
            matrices.put(name, m);
        }
        return m;
    }

    /**
     * The precision a module that packs {@code t} itself (tokenizer convolutions and linears)
     * should pack it in: as {@link #matrix} would hold it, after the same range check.
     */
    public synchronized DType precisionOf(Tensor t) {
        DType d = packing.get(t.name());
        if (d == null) {
            d = policy.wanted(t.name(), t.dtype(), t.rank(), tiedLmHead);
            if (PrecisionPolicy.narrows(t.dtype(), d) && !fits(t, Narrowing.check(t, d))) {
                d = t.dtype();
            }
            packing.put(t.name(), d);
        }
        return d;
    }

    /** Drops the mapped pages of a tensor that a module has copied (packed or converted) from memory. */
    public void release(Tensor t) {
        checkpoint.release(t);
    }

    private Tensor resolve(Tensor t) {
        DType wanted = policy.wanted(t.name(), t.dtype(), t.rank(), tiedLmHead);
        if (wanted == t.dtype()) {
            return t;
        }
        Arena arena = Arena.ofShared();
        MemorySegment out = arena.allocate(t.numel() * wanted.bytes(), 64);
        if (PrecisionPolicy.narrows(t.dtype(), wanted)) {
            if (!fits(t, Narrowing.convert(t, wanted, out))) {
                arena.close();
                return t;
            }
        } else {
            Convert.copy(t.dtype(), t.data(), wanted, out, t.numel());
        }
        arenas.add(arena);
        release(t);
        return new Tensor(t.name(), wanted, t.shape(), out);
    }

    private boolean fits(Tensor t, Narrowing.Check check) {
        if (check.fits()) {
            return true;
        }
        Fallback f = new Fallback(t.name(), t.dtype(), check.target(), check.reason());
        fallbacks.add(f);
        notices.accept(f.line());
        return false;
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
    public synchronized void close() {
        for (Arena a : arenas) {
            a.close();
        }
        arenas.clear();
        matrices.clear();
        checkpoint.close();
    }
}
