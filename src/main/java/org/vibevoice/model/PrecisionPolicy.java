package org.vibevoice.model;

import java.util.List;
import java.util.Locale;
import org.vibevoice.tensor.DType;

/**
 * Which precision each weight tensor is used (or written) in. One policy serves loading
 * ({@link Weights}) and converting checkpoints, so both make the same choices:
 * <ol>
 * <li>non-float tensors stay as stored;</li>
 * <li>with mixed precision (the default), vectors and scalars (rank ≤ 1: norm weights, biases,
 * layer scales, the latent scaling factors) are f32 — the engine computes with them in f32;</li>
 * <li>a tensor whose name contains an {@code exclude} pattern (case-insensitive) stays as stored;</li>
 * <li>{@code keepEmbeddingsF32} keeps {@code embed_tokens} in f32, {@code keepLmHeadF32} keeps the
 * output projection in f32; when the checkpoint ties them (no {@code lm_head.weight}) they are one
 * tensor, which either flag keeps in f32;</li>
 * <li>everything else is {@code target}, or as stored when {@code target} is null.</li>
 * </ol>
 * A tensor that would become 16-bit is then checked by {@link Narrowing}: if it does not fit, it
 * stays as stored (exact) and is reported.
 */
public record PrecisionPolicy(DType target, boolean mixed, List<String> exclude, boolean keepEmbeddingsF32,
        boolean keepLmHeadF32) {
    /** Every tensor as stored: mapped, never copied. */
    public static final PrecisionPolicy AS_STORED = new PrecisionPolicy(null, true, List.of(), false, false);

    public PrecisionPolicy {
        if (target != null && !target.isFloat()) {
            throw new IllegalArgumentException("weight precision must be f32, f16 or bf16, not " + target);
        }
        exclude = exclude.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
    }

    /** Weights in {@code target} (null: as stored), mixed precision, nothing excluded or kept. */
    public static PrecisionPolicy of(DType target) {
        return new PrecisionPolicy(target, true, List.of(), false, false);
    }

    public PrecisionPolicy withMixed(boolean on) {
        return new PrecisionPolicy(target, on, exclude, keepEmbeddingsF32, keepLmHeadF32);
    }

    public PrecisionPolicy withExclude(List<String> patterns) {
        return new PrecisionPolicy(target, mixed, patterns, keepEmbeddingsF32, keepLmHeadF32);
    }

    public PrecisionPolicy withKeepEmbeddingsF32(boolean on) {
        return new PrecisionPolicy(target, mixed, exclude, on, keepLmHeadF32);
    }

    public PrecisionPolicy withKeepLmHeadF32(boolean on) {
        return new PrecisionPolicy(target, mixed, exclude, keepEmbeddingsF32, on);
    }

    /**
     * The precision tensor {@code name} (stored as {@code stored}, of rank {@code rank}) is wanted
     * in, before the range check. {@code tiedLmHead}: the checkpoint has no separate output
     * projection, so {@code embed_tokens} is also the lm_head.
     */
    public DType wanted(String name, DType stored, int rank, boolean tiedLmHead) {
        if (!stored.isFloat()) {
            return stored;
        }
        if (mixed && rank <= 1) {
            return DType.F32;
        }
        if (excluded(name)) {
            return stored;
        }
        Component c = Component.of(name);
        if (c == Component.EMBEDDINGS && (keepEmbeddingsF32 || keepLmHeadF32 && tiedLmHead)
                || c == Component.LM_HEAD && keepLmHeadF32) {
            return DType.F32;
        }
        return target == null ? stored : target;
    }

    /** True when {@code name} contains one of the exclude patterns (case-insensitive). */
    public boolean excluded(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String p : exclude) {
            if (lower.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /** True when turning {@code stored} values into {@code wanted} can lose range or values (needs {@link Narrowing}). */
    public static boolean narrows(DType stored, DType wanted) {
        return stored != wanted && wanted != DType.F32;
    }

    /** "f16", "bf16 + f32 embeddings", … for messages. */
    public String describe() {
        StringBuilder sb = new StringBuilder(target == null ? "as stored" : target.name().toLowerCase(Locale.ROOT));
        if (keepEmbeddingsF32) {
            sb.append(", f32 embeddings");
        }
        if (keepLmHeadF32) {
            sb.append(", f32 lm_head");
        }
        if (!mixed) {
            sb.append(", no mixed precision");
        }
        if (!exclude.isEmpty()) {
            sb.append(", excluding ").append(String.join(" ", exclude));
        }
        return sb.toString();
    }
}
