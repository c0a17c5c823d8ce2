package org.vibevoice.bench;

import java.util.SplittableRandom;

/**
 * Seeded multi-script text for tokenizer benchmarks and differential tests: words in Latin,
 * Cyrillic, Arabic, Devanagari, CJK and Hangul, digits, punctuation, emoji (with skin tones and ZWJ
 * sequences), combining marks, unusual spaces (NBSP, U+3000, tabs, runs), CRLF, English
 * contractions in both cases, and the Qwen special tokens written into the text.
 */
public final class TextCorpus {
    private static final String[] LATIN = {"the", "quick", "brown", "fox", "Speaker", "VibeVoice", "podcast",
        "café", "naïve", "Straße", "Ångström", "résumé", "jalapeño", "hello", "WORLD", "Übermäßig", "Øresund",
        "ça", "don", "it", "they", "HTTP", "JSON", "x", "I", "zażółć", "gęślą", "Łódź"};
    private static final String[] CYRILLIC = {"Привет", "мир", "сегодня", "хорошая", "погода", "ЁЖИК", "съешь",
        "ещё", "этих", "мягких", "булок"};
    private static final String[] ARABIC = {"مرحبا", "بالعالم", "اللغة", "العربية", "كتاب", "مدرسة", "١٢٣"};
    private static final String[] DEVANAGARI = {"नमस्ते", "दुनिया", "हिन्दी", "भाषा", "क्षत्रिय", "१२३४"};
    private static final String[] CJK = {"你好", "世界", "今天天气很好", "我们来谈谈语音合成", "日本語のテキスト",
        "カタカナ", "ひらがな", "한국어", "문장입니다", "漢字", "中文和English混合"};
    private static final String[] EMOJI = {"😀", "🎉", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "❤️", "🧑🏿‍💻", "🇫🇷",
        "✨", "🤖", "👋🏻", "☕"};
    private static final String[] PUNCT = {".", ",", "!", "?", "...", "…", "—", "–", "-", ":", ";", "(", ")",
        "[", "]", "{", "}", "\"", "'", "«", "»", "“", "”", "、", "。", "！", "？", "#", "@", "&", "%", "$",
        "€", "£", "¥", "+", "=", "*", "/", "\\", "|", "<", ">", "~", "^", "`", "_", "§", "°", "²", "½"};
    private static final String[] SPACES = {" ", " ", " ", " ", "  ", "   ", "\t", "\n", "\r\n", "\n\n", "\u00A0",
        "\u3000", " \u00A0", "\u2009", "\u202F", "\t\t", " \n", "\n ", "\r", "\u2028"};
    private static final String[] CONTRACTIONS = {"'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'RE",
        "'VE", "'M", "'LL", "'D", "'Ll", "'sT", "’s", "'x", "'ſ", "'ſt"};
    private static final String[] SPECIAL = {"<|endoftext|>", "<|vision_start|>", "<|vision_end|>",
        "<|vision_pad|>", "<|image_pad|>", "<|im_start|>", "<|im_end|>", "<|vision_", "<|endoftext", "<|"};
    private static final String[] COMBINING = {"e\u0301", "a\u0308", "n\u0303", "o\u0302\u0323", "A\u030A",
        "\u1100\u1161\u11A8", "i\u0307"};

    private final SplittableRandom rnd;

    public TextCorpus(long seed) {
        rnd = new SplittableRandom(seed);
    }

    /** One random string of about {@code pieces} fragments. */
    public String next(int pieces) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            appendFragment(sb);
        }
        return sb.toString();
    }

    /** Concatenated random strings until at least {@code utf8Bytes} bytes of UTF-8 (approximately). */
    public String corpus(long utf8Bytes) {
        StringBuilder sb = new StringBuilder();
        long bytes = 0;
        while (bytes < utf8Bytes) {
            int before = sb.length();
            appendFragment(sb);
            for (int i = before; i < sb.length(); i++) {
                char c = sb.charAt(i);
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
            }
        }
        return sb.toString();
    }

    private void appendFragment(StringBuilder sb) {
        int k = rnd.nextInt(100);
        if (k < 30) {
            sb.append(pick(LATIN));
        } else if (k < 45) {
            sb.append(pick(SPACES));
        } else if (k < 52) {
            sb.append(pick(CJK));
        } else if (k < 57) {
            sb.append(pick(CYRILLIC));
        } else if (k < 61) {
            sb.append(pick(ARABIC));
        } else if (k < 64) {
            sb.append(pick(DEVANAGARI));
        } else if (k < 72) {
            sb.append(pick(PUNCT));
        } else if (k < 79) {
            int digits = 1 + rnd.nextInt(8);
            for (int i = 0; i < digits; i++) {
                sb.append((char) ('0' + rnd.nextInt(10)));
            }
        } else if (k < 84) {
            sb.append(pick(EMOJI));
        } else if (k < 89) {
            sb.append(pick(CONTRACTIONS));
        } else if (k < 92) {
            sb.append(pick(SPECIAL));
        } else if (k < 95) {
            sb.append(pick(COMBINING));
        } else {
            sb.appendCodePoint(randomCodePoint());
        }
    }

    /** A random assigned-looking code point from the BMP or the emoji planes (no surrogates, no controls). */
    private int randomCodePoint() {
        while (true) {
            int cp = rnd.nextInt(100) < 80 ? 0x20 + rnd.nextInt(0xFFFF - 0x20) : 0x1F000 + rnd.nextInt(0x1000);
            if (!Character.isSurrogate((char) cp) && Character.isDefined(cp) && !Character.isISOControl(cp)
                    && Character.getType(cp) != Character.PRIVATE_USE) {
                return cp;
            }
        }
    }

    private String pick(String[] a) {
        return a[rnd.nextInt(a.length)];
    }
}
