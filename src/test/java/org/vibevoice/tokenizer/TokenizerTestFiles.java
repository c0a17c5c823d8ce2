package org.vibevoice.tokenizer;

import java.nio.file.Path;
import org.vibevoice.golden.GoldenFixtures;

/** The Qwen2.5 tokenizer files of the golden fixtures. */
final class TokenizerTestFiles {
    private TokenizerTestFiles() {
    }

    static Path qwenDir() {
        return GoldenFixtures.dir().resolve("tokenizer/qwen2.5");
    }

    static Path qwenTokenizerJson() {
        return qwenDir().resolve("tokenizer.json");
    }
}
