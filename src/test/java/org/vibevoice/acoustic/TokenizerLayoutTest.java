package org.vibevoice.acoustic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.vibevoice.model.BundledModel;
import org.vibevoice.model.VibeVoiceConfig;
import org.vibevoice.safetensors.Checkpoint;
import org.vibevoice.semantic.SemanticEncoder;
import org.vibevoice.tensor.Tensor;

/** The layout derived from a config names exactly the tokenizer tensors of a real checkpoint, with their shapes. */
class TokenizerLayoutTest {
    @Test
    void layoutFromConfigMatchesTheBundledCheckpoint() {
        var dir = BundledModel.tinyDir();
        VibeVoiceConfig cfg = VibeVoiceConfig.read(dir.resolve("config.json"));
        try (Checkpoint ck = Checkpoint.open(dir)) {
            check(ck, AcousticEncoder.PREFIX, TokenizerLayout.encoder(AcousticEncoder.PREFIX, cfg.acousticTokenizer()));
            check(ck, AcousticDecoder.PREFIX, TokenizerLayout.decoder(AcousticDecoder.PREFIX, cfg.acousticTokenizer()));
            check(ck, SemanticEncoder.PREFIX, TokenizerLayout.encoder(SemanticEncoder.PREFIX, cfg.semanticTokenizer()));
        }
    }

    private static void check(Checkpoint ck, String prefix, Map<String, long[]> layout) {
        Map<String, String> want = new TreeMap<>();
        layout.forEach((k, v) -> want.put(k, java.util.Arrays.toString(v)));
        Map<String, String> have = new TreeMap<>();
        for (Tensor t : ck.tensors().values()) {
            if (t.name().startsWith(prefix + ".")) {
                have.put(t.name(), t.shapeString());
            }
        }
        assertThat(have).isNotEmpty().isEqualTo(want);
    }
}
