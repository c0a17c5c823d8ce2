package org.vibevoice.lm;

import org.vibevoice.model.VibeVoiceConfig.DecoderConfig;

/** hidden 48, ffn 64, 2 layers, 7 heads / 1 kv head of 40 (a vector column tile plus leftovers), vocab 300. */
class Qwen2ModelGroupOfSevenTest extends Qwen2ModelChecks {
    Qwen2ModelGroupOfSevenTest() {
        super(new DecoderConfig(48, 64, 2, 7, 1, 40, 300, 4096, 1e-6, 1e4));
    }
}
