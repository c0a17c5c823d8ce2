package org.vibevoice.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vibevoice.safetensors.Checkpoint;
import org.vibevoice.safetensors.SafetensorsWriter;
import org.vibevoice.safetensors.TensorSource;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Matrix;
import org.vibevoice.tensor.Tensor;

/** Weights under a precision policy: conversion on first use, keep flags, range fallback with a notice. */
class WeightsPrecisionTest {
    @TempDir
    Path dir;

    private static final String EMBED = "model.language_model.embed_tokens.weight";
    private static final String Q = "model.language_model.layers.0.self_attn.q_proj.weight";
    private static final String BIG = "model.prediction_head.cond_proj.weight";
    private static final String NORM = "model.language_model.norm.weight";

    /** A small mapped bf16 checkpoint: embeddings, a matrix, a matrix with a value beyond f16, a norm. */
    private Checkpoint checkpoint() {
        try (Arena a = Arena.ofConfined()) {
            List<TensorSource> src = new ArrayList<>();
            src.add(TensorSource.of(Tensor.ofFloats(EMBED, ramp(12, 0.01f), a, 4, 3).convertTo(DType.BF16, a)));
            src.add(TensorSource.of(Tensor.ofFloats(Q, ramp(6, 0.1f), a, 3, 2).convertTo(DType.BF16, a)));
            float[] big = ramp(6, 1f);
            big[4] = 1e5f;
            src.add(TensorSource.of(Tensor.ofFloats(BIG, big, a, 2, 3).convertTo(DType.BF16, a)));
            src.add(TensorSource.of(Tensor.ofFloats(NORM, new float[] {1, 2, 3}, a, 3).convertTo(DType.BF16, a)));
            SafetensorsWriter.write(dir.resolve(Checkpoint.SINGLE), src, Map.of());
        }
        return Checkpoint.open(dir);
    }

    private static float[] ramp(int n, float step) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i - n / 2) * step + step / 3;
        }
        return v;
    }

    @Test
    void asStoredMatricesAreTheMappedTensors() {
        try (Weights w = Weights.of(checkpoint(), PrecisionPolicy.AS_STORED, line -> { })) {
            Matrix q = w.matrix(Q);
            assertThat(q.dtype()).isEqualTo(DType.BF16);
            assertThat(q.data().address()).isEqualTo(w.raw(Q).data().address());
            assertThat(w.floats(NORM)).containsExactly(1, 2, 3);
            assertThat(w.matrix(Q)).isSameAs(q);
        }
    }

    @Test
    void f16ConvertsMatricesOnceAndFallsBackForOutOfRangeTensors() {
        List<String> notices = new ArrayList<>();
        try (Weights w = Weights.of(checkpoint(), PrecisionPolicy.of(DType.F16), notices::add)) {
            Matrix q = w.matrix(Q);
            assertThat(q.dtype()).isEqualTo(DType.F16);
            assertThat(w.matrix(Q)).as("converted once").isSameAs(q);
            Tensor stored = w.raw(Q);
            for (int i = 0; i < 6; i++) {
                assertThat(q.get(i / 2, i % 2)).as("bf16 -> f16 is exact in range").isEqualTo(stored.getFloat(i));
            }
            Matrix big = w.matrix(BIG);
            assertThat(big.dtype()).as("kept as stored").isEqualTo(DType.BF16);
            assertThat(big.get(1, 1)).isEqualTo(w.raw(BIG).getFloat(4));
            assertThat(w.fallbacks()).hasSize(1);
            assertThat(w.fallbacks().get(0).name()).isEqualTo(BIG);
            assertThat(notices).containsExactly("keeping " + BIG + " in bf16 (not f16): 1 value(s) beyond the f16 range "
                    + "(max |x| 9.98e+04)");
            assertThat(w.precisionOf(w.raw(BIG))).isEqualTo(DType.BF16);
            assertThat(w.precisionOf(w.raw(Q))).isEqualTo(DType.F16);
            assertThat(w.precisionOf(w.raw(NORM))).isEqualTo(DType.F32);
        }
    }

    @Test
    void keepEmbeddingsUpcastsTheTableAndF32UpcastsEverything() {
        try (Weights w = Weights.of(checkpoint(), PrecisionPolicy.of(DType.BF16).withKeepEmbeddingsF32(true), l -> { })) {
            assertThat(w.matrix(EMBED).dtype()).isEqualTo(DType.F32);
            assertThat(w.matrix(EMBED).get(1, 2)).isEqualTo(w.raw(EMBED).getFloat(5));
            assertThat(w.matrix(Q).dtype()).isEqualTo(DType.BF16);
        }
        try (Weights w = Weights.of(checkpoint(), PrecisionPolicy.of(DType.F32), l -> { })) {
            assertThat(w.matrix(Q).dtype()).isEqualTo(DType.F32);
            assertThat(w.matrix(BIG).get(1, 1)).isEqualTo(w.raw(BIG).getFloat(4));
            assertThat(w.fallbacks()).isEmpty();
        }
    }
}
