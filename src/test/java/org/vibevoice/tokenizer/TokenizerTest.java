package org.vibevoice.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.bench.TextCorpus;

class TokenizerTest {
    @Test
    void bundledTokenizerHasTheSpeechTokensAtTheirQwenIds() {
        Tokenizer t = Tokenizers.qwen25();
        assertThat(SpeechTokenIds.of(t)).isEqualTo(SpeechTokenIds.QWEN2_5);
        assertThat(t.vocabSize()).isEqualTo(151665);
        assertThat(t.encode("<|vision_start|><|vision_pad|><|vision_end|>")).containsExactly(151652, 151654, 151653);
    }

    @Test
    void bundledTokenizerEqualsTheFixtureFiles() {
        Tokenizer bundled = Tokenizers.qwen25();
        Tokenizer json = Tokenizers.open(TokenizerTestFiles.qwenTokenizerJson());
        String text = new TextCorpus(5).corpus(50_000);
        assertThat(bundled.encode(text)).isEqualTo(json.encode(text));
    }

    @Test
    void vocabAndMergesFilesGiveTheSameIdsAsTokenizerJson(@TempDir Path tmp) throws IOException {
        Path src = TokenizerTestFiles.qwenDir();
        for (String f : new String[] {"vocab.json", "merges.txt", "tokenizer_config.json"}) {
            Files.copy(src.resolve(f), tmp.resolve(f));
        }
        Tokenizer fromPair = Tokenizers.open(tmp);
        Tokenizer fromJson = Tokenizers.open(src.resolve("tokenizer.json"));
        TextCorpus corpus = new TextCorpus(9);
        for (int i = 0; i < 500; i++) {
            String s = corpus.next(30);
            assertThat(fromPair.encode(s)).as(TokenizerDifferentialTest.escape(s)).isEqualTo(fromJson.encode(s));
        }
        assertThat(Tokenizers.forModel(tmp).encode("<|endoftext|> hi")).containsExactly(151643, 15588);
    }

    @Test
    void decodeInvertsEncodeUpToNfc() {
        Tokenizer t = Tokenizers.qwen25();
        TextCorpus corpus = new TextCorpus(77);
        for (int i = 0; i < 2000; i++) {
            String s = corpus.next(25);
            assertThat(t.decode(t.encode(s))).isEqualTo(nfcOutsideSpecialTokens(s));
        }
    }

    private static String nfcOutsideSpecialTokens(String s) {
        // Text between added tokens is normalised; the tokens themselves are ASCII and NFC-stable.
        return Normalizer.normalize(s, Normalizer.Form.NFC);
    }

    @Test
    void knownEncodings() {
        Tokenizer t = Tokenizers.qwen25();
        assertThat(t.encode("Hello world!")).containsExactly(9707, 1879, 0);
        assertThat(t.encode("")).isEmpty();
        assertThat(t.tokenId("<|endoftext|>")).isEqualTo(151643);
        assertThat(t.tokenId("Hello")).isEqualTo(9707);
        assertThat(t.tokenId("no such token ~~~")).isEqualTo(-1);
        assertThat(t.decode(new int[] {9707, 1879, 0})).isEqualTo("Hello world!");
    }

    @Test
    void longUnbrokenRunsEncodeLikeShortOnes() {
        Tokenizer t = Tokenizers.qwen25();
        String cjk = "今天天气很好我们来谈谈语音合成".repeat(400);
        int[] ids = t.encode(cjk);
        assertThat(t.decode(ids)).isEqualTo(cjk);
        String digits = "1234567890".repeat(1000);
        assertThat(t.encode(digits)).hasSize(digits.length());
    }

    @Test
    void modelDirectoryWithoutTokenizerFilesUsesTheBundledOne(@TempDir Path tmp) throws IOException {
        assertThat(Tokenizers.forModel(tmp)).isSameAs(Tokenizers.qwen25());
        Files.writeString(tmp.resolve("preprocessor_config.json"),
                "{\"language_model_pretrained_name\": \"Qwen/Qwen2.5-7B\"}");
        assertThat(Tokenizers.forModel(tmp)).isSameAs(Tokenizers.qwen25());
        Files.writeString(tmp.resolve("preprocessor_config.json"),
                "{\"language_model_pretrained_name\": \"meta/Other-1B\"}");
        assertThatThrownBy(() -> Tokenizers.forModel(tmp)).isInstanceOf(VibeVoiceException.class)
                .hasMessageContaining("meta/Other-1B");
    }

    @Test
    void badFilesGiveOneLineNamingTheFile(@TempDir Path tmp) throws IOException {
        Path broken = tmp.resolve("tokenizer.json");
        Files.writeString(broken, "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0");
        assertThatThrownBy(() -> Tokenizers.open(broken)).isInstanceOf(VibeVoiceException.class)
                .hasMessageStartingWith(broken.toString()).hasMessageNotContaining("\n");
        Files.writeString(broken, "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {}}}");
        assertThatThrownBy(() -> Tokenizers.open(broken)).hasMessageContaining("WordPiece");
        Files.writeString(broken, "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": []}}");
        assertThatThrownBy(() -> Tokenizers.open(broken)).hasMessageContaining("byte");
        assertThatThrownBy(() -> Tokenizers.open(tmp.resolve("missing"))).isInstanceOf(VibeVoiceException.class)
                .hasMessageContaining("no tokenizer.json");
    }
}
