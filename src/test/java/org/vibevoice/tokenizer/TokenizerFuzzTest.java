package org.vibevoice.tokenizer;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.vibevoice.fuzz.Fuzz;
import org.vibevoice.fuzz.Inputs;
import org.vibevoice.fuzz.TextMutations;

/**
 * Fuzzes the Qwen2.5 tokenizer with hostile text (invalid UTF-8 decoded leniently, lone
 * surrogates, control characters, special-token text, lines up to 128 Ki chars). Every text
 * encodes to ids of the vocabulary that decode back to the text as normalised (NFC, lone
 * surrogates as U+FFFD): byte-level BPE loses nothing.
 */
class TokenizerFuzzTest {
    private static final Fuzz ENCODE = Fuzz.parser("tokenizer", 8 << 20, 256).noErrors();
    private static Tokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = Tokenizers.qwen25();
    }

    @AfterAll
    static void report() {
        Fuzz.finish(null, ENCODE);
    }

    Gen<String> texts() {
        return TextMutations.of(List.of("Speaker 1: Hello there, how are you?\nSpeaker 2: Fine — thanks! 😀",
                "Ünïcödé ﬁ 中文 日本語 <|endoftext|> tabs\tand\r\nbreaks", "   leading spaces, 1234567 numbers, 's 't 're"));
    }

    @Test
    void anyTextEncodesToVocabularyIdsThatDecodeBack() {
        Inputs.forAll(1501, texts(), text -> {
            int[] ids = ENCODE.check(text.getBytes(StandardCharsets.UTF_8), () -> tokenizer.encode(text));
            for (int id : ids) {
                if (id < 0 || id >= tokenizer.vocabSize()) {
                    throw new AssertionError("id " + id + " outside the vocabulary");
                }
            }
            String expected = loneSurrogatesReplaced(Normalizer.normalize(text, Normalizer.Form.NFC));
            String decoded = tokenizer.decode(ids);
            if (!decoded.equals(expected)) {
                throw new AssertionError("round trip lost text: " + firstDifference(expected, decoded));
            }
        });
    }

    private static String loneSurrogatesReplaced(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }

    private static String firstDifference(String a, String b) {
        int i = 0;
        while (i < Math.min(a.length(), b.length()) && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return "at char " + i + " of " + a.length() + "/" + b.length() + ": expected "
                + a.substring(i, Math.min(a.length(), i + 20)).codePoints().mapToObj(Integer::toHexString).toList()
                + " got " + b.substring(i, Math.min(b.length(), i + 20)).codePoints().mapToObj(Integer::toHexString).toList();
    }
}
