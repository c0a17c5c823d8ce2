package org.vibevoice.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vibevoice.VibeVoiceException;

class VibeVoiceConfigTest {
    static final Path SHARED = Path.of("../shared");

    @TempDir
    Path dir;

    @Test
    void readsThePublished15BConfig() {
        Path f = SHARED.resolve("configs/VibeVoice-1.5B/config.json");
        Assumptions.assumeTrue(Files.exists(f));
        VibeVoiceConfig c = VibeVoiceConfig.read(f);
        assertThat(c.decoder().hiddenSize()).isEqualTo(1536);
        assertThat(c.decoder().numHiddenLayers()).isEqualTo(28);
        assertThat(c.decoder().numKeyValueHeads()).isEqualTo(2);
        assertThat(c.decoder().headDim()).isEqualTo(128);
        assertThat(c.decoder().ropeTheta()).isEqualTo(1e6);
        assertThat(c.tieWordEmbeddings()).isTrue();
        assertThat(c.acousticTokenizer().encoderDepths()).containsExactly(3, 3, 3, 3, 3, 3, 8);
        assertThat(c.acousticTokenizer().decoderDepths()).containsExactly(8, 3, 3, 3, 3, 3, 3);
        assertThat(c.acousticTokenizer().hopLength()).isEqualTo(3200);
        assertThat(c.semanticTokenizer().vaeDim()).isEqualTo(128);
        assertThat(c.diffusionHead().ffnDim()).isEqualTo(4608);
        assertThat(c.acousticVaeDim()).isEqualTo(64);
    }

    @Test
    void readsTheLargeConfigWithItsTypoAndUntiedHead() {
        Path f = SHARED.resolve("configs/VibeVoice-Large/config.json");
        Assumptions.assumeTrue(Files.exists(f));
        VibeVoiceConfig c = VibeVoiceConfig.read(f);
        assertThat(c.decoder().hiddenSize()).isEqualTo(3584);
        assertThat(c.decoder().vocabSize()).isEqualTo(152064);
        assertThat(c.tieWordEmbeddings()).isFalse();
        assertThat(c.acousticVaeDim()).isEqualTo(64);
        assertThat(c.diffusionHead().ffnDim()).isEqualTo(10752);
    }

    @Test
    void aMissingRequiredKeyIsNamed() throws IOException {
        Path f = dir.resolve("config.json");
        Files.writeString(f, Files.readString(SHARED.resolve("configs/VibeVoice-1.5B/config.json"))
                .replace("\"num_hidden_layers\"", "\"renamed_layers\""));
        assertThatThrownBy(() -> VibeVoiceConfig.read(f)).isInstanceOf(VibeVoiceException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("decoder_config.num_hidden_layers")
                .hasMessageContaining("missing");
    }

    @Test
    void malformedJsonIsOneLine() throws IOException {
        Path f = dir.resolve("config.json");
        Files.writeString(f, "{ \"decoder_config\": ");
        assertThatThrownBy(() -> VibeVoiceConfig.read(f)).isInstanceOf(VibeVoiceException.class)
                .hasMessageContaining("not well-formed JSON").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void readsThePreprocessorConfig() {
        Path f = SHARED.resolve("configs/VibeVoice-1.5B/preprocessor_config.json");
        Assumptions.assumeTrue(Files.exists(f));
        PreprocessorConfig p = PreprocessorConfig.read(f);
        assertThat(p.speechTokCompressRatio()).isEqualTo(3200);
        assertThat(p.targetDbFs()).isEqualTo(-25.0);
        assertThat(p.languageModelPretrainedName()).isEqualTo("Qwen/Qwen2.5-1.5B");
    }
}
