package org.vibevoice.tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates the shared Qwen2.5 tokenizer files of the golden fixtures. */
final class TokenizerTestFiles {
    private TokenizerTestFiles() {
    }

    static Path goldenDir() {
        String env = System.getenv("VIBEVOICE_GOLDEN");
        return Path.of(env != null ? env : "../shared/golden");
    }

    static Path qwenDir() {
        Path dir = goldenDir().resolve("tokenizer/qwen2.5");
        if (!Files.isDirectory(dir)) {
            if (System.getenv("VIBEVOICE_REQUIRE_GOLDEN") != null) {
                throw new AssertionError(dir + " is missing");
            }
            Assumptions.abort("no golden fixtures at " + dir);
        }
        return dir;
    }

    static Path qwenTokenizerJson() {
        return qwenDir().resolve("tokenizer.json");
    }
}
