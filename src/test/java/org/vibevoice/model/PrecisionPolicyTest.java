package org.vibevoice.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vibevoice.model.PrecisionPolicy.Rule;
import org.vibevoice.tensor.DType;

class PrecisionPolicyTest {
    private static final String EMBED = "model.language_model.embed_tokens.weight";
    private static final String Q = "model.language_model.layers.0.self_attn.q_proj.weight";
    private static final String NORM = "model.language_model.layers.0.input_layernorm.weight";
    private static final String HEAD = "lm_head.weight";

    @Test
    void mixedPrecisionKeepsVectorsAndScalarsF32AndConvertsMatrices() {
        PrecisionPolicy p = PrecisionPolicy.of(DType.F16);
        assertThat(p.choose(Q, DType.BF16, 2, true)).isEqualTo(new PrecisionPolicy.Choice(DType.F16, Rule.TARGET));
        assertThat(p.choose(NORM, DType.BF16, 1, true)).isEqualTo(new PrecisionPolicy.Choice(DType.F32, Rule.VECTOR_F32));
        assertThat(p.choose("model.speech_scaling_factor", DType.BF16, 0, true).dtype()).isEqualTo(DType.F32);
        assertThat(p.choose("x", DType.I64, 2, true)).isEqualTo(new PrecisionPolicy.Choice(DType.I64, Rule.NOT_FLOAT));
        assertThat(p.withMixed(false).choose(NORM, DType.BF16, 1, true).dtype()).isEqualTo(DType.F16);
    }

    @Test
    void asStoredKeepsEveryMatrixAsItIs() {
        assertThat(PrecisionPolicy.AS_STORED.wanted(Q, DType.BF16, 2, true)).isEqualTo(DType.BF16);
        assertThat(PrecisionPolicy.AS_STORED.wanted(Q, DType.F32, 2, true)).isEqualTo(DType.F32);
    }

    @Test
    void excludePatternsAreCaseInsensitiveSubstringsKeptAsStored() {
        PrecisionPolicy p = PrecisionPolicy.of(DType.F16).withExclude(List.of("SELF_ATTN"));
        assertThat(p.choose(Q, DType.BF16, 2, true)).isEqualTo(new PrecisionPolicy.Choice(DType.BF16, Rule.EXCLUDED));
        assertThat(p.wanted("model.language_model.layers.0.mlp.up_proj.weight", DType.BF16, 2, true)).isEqualTo(DType.F16);
    }

    @Test
    void keepFlagsApplyToEmbeddingsAndLmHeadAndTheTiedTableIsBoth() {
        PrecisionPolicy emb = PrecisionPolicy.of(DType.BF16).withKeepEmbeddingsF32(true);
        assertThat(emb.choose(EMBED, DType.F32, 2, true)).isEqualTo(new PrecisionPolicy.Choice(DType.F32, Rule.EMBEDDINGS_F32));
        assertThat(emb.wanted(HEAD, DType.F32, 2, false)).isEqualTo(DType.BF16);
        PrecisionPolicy head = PrecisionPolicy.of(DType.BF16).withKeepLmHeadF32(true);
        assertThat(head.choose(HEAD, DType.F32, 2, false)).isEqualTo(new PrecisionPolicy.Choice(DType.F32, Rule.LM_HEAD_F32));
        assertThat(head.wanted(EMBED, DType.F32, 2, false)).as("untied: embeddings converted").isEqualTo(DType.BF16);
        assertThat(head.wanted(EMBED, DType.F32, 2, true)).as("tied: the table is the lm_head").isEqualTo(DType.F32);
    }

    @Test
    void onlyConversionsToSixteenBitsNeedTheRangeCheck() {
        assertThat(PrecisionPolicy.narrows(DType.F32, DType.F16)).isTrue();
        assertThat(PrecisionPolicy.narrows(DType.BF16, DType.F16)).isTrue();
        assertThat(PrecisionPolicy.narrows(DType.F16, DType.BF16)).isTrue();
        assertThat(PrecisionPolicy.narrows(DType.BF16, DType.F32)).isFalse();
        assertThat(PrecisionPolicy.narrows(DType.F16, DType.F16)).isFalse();
    }
}
