package org.vibevoice.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vibevoice.bench.TextCorpus;

/**
 * Our tokenizer against Hugging Face's own (the Rust {@code tokenizers} library through DJL, which
 * bundles its native library and needs no network) on seeded random multi-script strings.
 */
class TokenizerDifferentialTest {
    private static final long SEED = 20251125L;
    private static final int STRINGS = 12_000;

    @Test
    void sameIdsAsHuggingFaceOnRandomText() throws Exception {
        // DJL extracts the native library bundled in its jar to ~/.djl.ai; offline mode forbids any download.
        System.setProperty("offline", "true");
        Path json = TokenizerTestFiles.qwenTokenizerJson();
        Tokenizer ours = Tokenizers.open(json);
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(json,
                Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false",
                        "maxLength", "1000000"))) {
            TextCorpus corpus = new TextCorpus(SEED);
            for (int i = 0; i < STRINGS; i++) {
                String s = corpus.next(1 + i % 40);
                Encoding e = hf.encode(s, false, false);
                long[] want = e.getIds();
                int[] got = ours.encode(s);
                if (!Arrays.equals(toLongs(got), want)) {
                    throw new AssertionError("string #" + i + " (seed " + SEED + ") differs: " + escape(s)
                            + "\n  ours: " + Arrays.toString(got) + "\n  hf:   " + Arrays.toString(want));
                }
            }
            String longText = new TextCorpus(SEED + 1).corpus(200_000);
            assertThat(toLongs(ours.encode(longText))).isEqualTo(hf.encode(longText, false, false).getIds());
        }
    }

    private static long[] toLongs(int[] a) {
        long[] l = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            l[i] = a[i];
        }
        return l;
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7F && cp != '"' && cp != '\\') {
                sb.append((char) cp);
            } else {
                sb.append(String.format("\\u{%X}", cp));
            }
        });
        return sb.append('"').toString();
    }
}
