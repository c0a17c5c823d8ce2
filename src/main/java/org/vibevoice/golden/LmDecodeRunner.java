package org.vibevoice.golden;

import org.vibevoice.lm.KvCache;
import org.vibevoice.lm.Qwen2Model;

/** {@code lm_decode}: prefill, then one token at a time through the KV cache, with full logits per step. */
public final class LmDecodeRunner implements KindRunner {
    @Override
    public String kind() {
        return "lm_decode";
    }

    @Override
    public CaseOutputs run(GoldenCase c, GoldenContext ctx) {
        Qwen2Model lm = GoldenModels.model(ctx, c.modelDir()).lm();
        int h = lm.hiddenSize();
        int vocab = lm.vocabSize();
        int[] ids = c.in("input_ids").toInts();
        int[] stepIds = c.in("step_ids").toInts();
        KvCache cache = lm.newCache();
        float[] prefillHidden = new float[ids.length * h];
        lm.prefillAll(cache, lm.embed(ids), ids.length, prefillHidden);
        float[] stepHidden = new float[stepIds.length * h];
        float[] stepLogits = new float[stepIds.length * vocab];
        KvCache[] one = {cache};
        float[] in = new float[h];
        float[] out = new float[h];
        float[] logits = new float[vocab];
        for (int i = 0; i < stepIds.length; i++) {
            lm.embed(stepIds[i], in, 0);
            lm.step(one, in, out);
            lm.fullLogits(out, 1, logits);
            System.arraycopy(out, 0, stepHidden, i * h, h);
            System.arraycopy(logits, 0, stepLogits, i * vocab, vocab);
        }
        return new CaseOutputs().put("prefill_hidden", prefillHidden).put("step_hidden", stepHidden)
                .put("step_logits", stepLogits);
    }
}
