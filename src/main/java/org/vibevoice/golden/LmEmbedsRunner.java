package org.vibevoice.golden;

import java.util.Arrays;
import org.vibevoice.lm.Qwen2Model;

/** {@code lm_embeds}: the decoder over input embeddings [1,T,H] from an empty cache. */
public final class LmEmbedsRunner implements KindRunner {
    @Override
    public String kind() {
        return "lm_embeds";
    }

    @Override
    public CaseOutputs run(GoldenCase c, GoldenContext ctx) {
        Qwen2Model lm = GoldenModels.model(ctx, c.modelDir()).lm();
        float[] embeds = c.in("inputs_embeds").toFloats();
        return prefillOutputs(lm, embeds, embeds.length / lm.hiddenSize());
    }

    /** hidden [T,H] after the final norm and the last position's full logits. */
    static CaseOutputs prefillOutputs(Qwen2Model lm, float[] embeds, int T) {
        int h = lm.hiddenSize();
        float[] hidden = new float[T * h];
        lm.prefillAll(lm.newCache(), embeds, T, hidden);
        float[] logits = new float[lm.vocabSize()];
        lm.fullLogits(Arrays.copyOfRange(hidden, (T - 1) * h, T * h), 1, logits);
        return new CaseOutputs().put("hidden", hidden).put("logits_last", logits);
    }
}
