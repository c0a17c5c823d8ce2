package org.vibevoice.tokenizer;

/** UTF-8 encoding of a char range into reusable scratch, without intermediate strings. */
final class Utf8 {
    private Utf8() {
    }

    /** Encodes text[start, end) into {@code w.bytes} and returns the byte count; lone surrogates become U+FFFD. */
    static int encode(String text, int start, int end, Bpe.Work w) {
        w.ensureBytes(3 * (end - start));
        byte[] b = w.bytes;
        int n = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                b[n++] = (byte) c;
            } else if (c < 0x800) {
                b[n++] = (byte) (0xC0 | (c >> 6));
                b[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                b[n++] = (byte) (0xF0 | (cp >> 18));
                b[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[n++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                int cp = Character.isSurrogate(c) ? 0xFFFD : c;
                b[n++] = (byte) (0xE0 | (cp >> 12));
                b[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[n++] = (byte) (0x80 | (cp & 0x3F));
            }
        }
        return n;
    }
}
