package org.vibevoice.golden;

import org.vibevoice.lm.Qwen2Model;

/** {@code lm_prefill}: the decoder over token ids from an empty cache; every hidden state, last logits. */
public final class LmPrefillRunner implements KindRunner {
    @Override
    public String kind() {
        return "lm_prefill";
    }

    @Override
    public CaseOutputs run(GoldenCase c, GoldenContext ctx) {
        Qwen2Model lm = GoldenModels.model(ctx, c.modelDir()).lm();
        int[] ids = c.in("input_ids").toInts();
        return LmEmbedsRunner.prefillOutputs(lm, lm.embed(ids), ids.length);
    }
}
