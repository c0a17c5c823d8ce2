package org.vibevoice.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.quicktheories.core.Gen;

/**
 * Hostile text: scripts whose UTF-8 was mutated byte by byte (decoded leniently, so invalid bytes
 * become U+FFFD), random UTF-16 code units (lone surrogates included), mixes of pieces that
 * parsers treat specially (speaker labels with huge numbers, every line break Java knows, control
 * characters, special-token text, combining marks, emoji), and single lines up to 128 Ki chars.
 */
public final class TextMutations {
    private static final String[] PIECES = {"Speaker", "speaker ", "SPEAKER\t", " ", "1", "0", "7", "42",
        "99999999999999999999", "-1", ":", ": ", "\n", "\r", "\r\n", "\u2028", "\u0085", "\u000B", "\f", "\t", "\u0000",
        "\u001B[2J", "\u007F", "’", "'s", "<|endoftext|>", "<|im_start|>", "<|vision_start|>", "<|", "|>", "é", "e\u0301",
        "\u0301", "中文", "日本語", "😀", "👩‍👩‍👧", "\ud800", "\udc00", "\uFEFF", "\u202E", "\u200B", "٣", "１", "ﬁ",
        "Hello there.", "word", "...", "!!!", "   ", "\u3000"};

    private TextMutations() {
    }

    /** Hostile variants of the seed texts. */
    public static Gen<String> of(List<String> seeds) {
        List<byte[]> raw = seeds.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        return Inputs.random(r -> switch (r.nextInt(10)) {
            case 7, 8 -> scriptLines(r, 1 + r.nextInt(12));
            case 0, 1, 2 -> new String(Mutations.havoc(r, raw.get(r.nextInt(raw.size())), raw), StandardCharsets.UTF_8);
            case 3, 4 -> pieces(r, 1 + r.nextInt(200));
            case 5 -> codeUnits(r, r.nextInt(400));
            case 6 -> hugeLine(r);
            default -> seeds.get(r.nextInt(seeds.size())) + pieces(r, 1 + r.nextInt(20));
        });
    }

    /** Lines shaped like {@code Speaker N: text} with odd labels, numbers, separators and text. */
    static String scriptLines(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(pick(r, LABELS)).append(pick(r, SPACES)).append(pick(r, NUMBERS)).append(pick(r, SEPARATORS))
                    .append(pieces(r, r.nextInt(6))).append(pick(r, "\n", "\r\n", "\r", "\n\n", "\u2028"));
        }
        return sb.toString();
    }

    private static final String[] LABELS = {"Speaker", "speaker", "SPEAKER", "Speaker\t", "", "  Speaker", "Spea ker"};
    private static final String[] SPACES = {" ", "  ", "\t", "", "\u00A0"};
    private static final String[] NUMBERS = {"1", "0", "2", "10", "99999999999999999999", "2147483647", "2147483648",
        "-1", "٣", "00001", "1".repeat(400), "", "x"};
    private static final String[] SEPARATORS = {":", " :", ": ", "", "::", "：", ":\n"};

    private static String pick(Random r, String... choices) {
        return choices[r.nextInt(choices.length)];
    }

    static String pieces(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    static String codeUnits(Random r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) (r.nextBoolean() ? r.nextInt(0x80) : r.nextInt(0x10000)));
        }
        return sb.toString();
    }

    /** One line of up to 128 Ki chars: a piece (or a few) repeated, behind a speaker label half the time. */
    static String hugeLine(Random r) {
        String unit = pieces(r, 1 + r.nextInt(3)).replace("\n", " ").replace("\r", " ");
        int chars = 1 << (10 + r.nextInt(8));
        String line = unit.repeat(Math.max(1, chars / Math.max(1, unit.length())));
        return r.nextBoolean() ? "Speaker 1: " + line : line;
    }
}
