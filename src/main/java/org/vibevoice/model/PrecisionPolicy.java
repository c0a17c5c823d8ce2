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

    /** Which rule of the policy decided a tensor's precision. */
    public enum Rule {
        NOT_FLOAT("not a float tensor"),
        VECTOR_F32("vector/scalar kept f32"),
        EXCLUDED("excluded by pattern"),
        EMBEDDINGS_F32("embeddings kept f32"),
        LM_HEAD_F32("lm_head kept f32"),
        TARGET("target precision");

        private final String label;

        Rule(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A tensor's wanted precision and the rule that chose it. */
    public record Choice(DType dtype, Rule rule) {
    }

    /**
     * The precision tensor {@code name} (stored as {@code stored}, of rank {@code rank}) is wanted
     * in, before the range check, and why. {@code tiedLmHead}: the checkpoint has no separate
     * output projection, so {@code embed_tokens} is also the lm_head.
     */
    public Choice choose(String name, DType stored, int rank, boolean tiedLmHead) {
        if (!stored.isFloat()) {
            return new Choice(stored, Rule.NOT_FLOAT);
        }
        if (mixed && rank <= 1) {
            return new Choice(DType.F32, Rule.VECTOR_F32);
        }
        if (excluded(name)) {
            return new Choice(stored, Rule.EXCLUDED);
        }
        Component c = Component.of(name);
        if (c == Component.EMBEDDINGS && keepEmbeddingsF32) {
            return new Choice(DType.F32, Rule.EMBEDDINGS_F32);
        }
        if (c == Component.EMBEDDINGS && keepLmHeadF32 && tiedLmHead || c == Component.LM_HEAD && keepLmHeadF32) {
            return new Choice(DType.F32, Rule.LM_HEAD_F32);
        }
        return new Choice(target == null ? stored : target, Rule.TARGET);
    }

    /** {@link #choose}'s precision. */
    public DType wanted(String name, DType stored, int rank, boolean tiedLmHead) {
        return choose(name, stored, rank, tiedLmHead).dtype();
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
