package org.vibevoice.lm;

import org.vibevoice.model.VibeVoiceConfig.DecoderConfig;

/** hidden 40, ffn 72, 2 layers, 4 heads / 2 kv heads of 24 (groups of 2, scalar value columns), vocab 300. */
class Qwen2ModelSmallGroupsTest extends Qwen2ModelChecks {
    Qwen2ModelSmallGroupsTest() {
        super(new DecoderConfig(40, 72, 2, 4, 2, 24, 300, 4096, 1e-6, 1e6));
    }
}
