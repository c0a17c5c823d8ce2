package org.vibevoice.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face byte-level BPE tokenizer (Qwen2.5's, spec §10.1): added tokens split the raw text
 * first; every other segment is NFC-normalised, split by the pre-tokenizer regex, and each piece's
 * UTF-8 bytes are merged by BPE rank. No BOS/EOS is added. Thread-safe; load with {@link Tokenizers}.
 */
public final class Tokenizer {
    private final Bpe bpe;
    private final AddedTokens added;
    private final Pattern split;
    private final boolean nfc;
    private final byte[][] idBytes;
    private final ThreadLocal<Bpe.Work> work = ThreadLocal.withInitial(Bpe.Work::new);

    Tokenizer(Bpe bpe, AddedTokens added, Pattern split, boolean nfc, byte[][] idBytes) {
        this.bpe = bpe;
        this.added = added;
        this.split = split;
        this.nfc = nfc;
        this.idBytes = idBytes;
    }

    /** Token ids of {@code text}; added tokens written in the text become their ids. */
    public int[] encode(String text) {
        IntList out = new IntList(text.length() / 3 + 4);
        Bpe.Work w = work.get();
        int segStart = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            AddedTokens.Token t = added.matchAt(text, i);
            if (t != null) {
                encodeOrdinary(text, segStart, i, out, w);
                out.add(t.id());
                i += t.content().length() - 1;
                segStart = i + 1;
            }
        }
        encodeOrdinary(text, segStart, n, out, w);
        return out.toArray();
    }

    private void encodeOrdinary(String text, int start, int end, IntList out, Bpe.Work w) {
        if (start >= end) {
            return;
        }
        String seg = start == 0 && end == text.length() ? text : text.substring(start, end);
        if (nfc) {
            seg = Normalizer.normalize(seg, Normalizer.Form.NFC);
        }
        if (split == null) {
            bpe.encodePiece(seg, 0, seg.length(), out, w);
            return;
        }
        Matcher m = split.matcher(seg);
        int last = 0;
        while (m.find()) {
            int s = m.start();
            int e = m.end();
            if (s > last) {
                bpe.encodePiece(seg, last, s, out, w);
            }
            if (e > s) {
                bpe.encodePiece(seg, s, e, out, w);
            }
            last = e;
        }
        if (last < seg.length()) {
            bpe.encodePiece(seg, last, seg.length(), out, w);
        }
    }

    /** The text of a list of ids (added tokens included); invalid UTF-8 becomes U+FFFD. */
    public String decode(int[] ids) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(ids.length * 4);
        for (int id : ids) {
            if (id < 0 || id >= idBytes.length || idBytes[id] == null) {
                throw new IllegalArgumentException("token id " + id + " is not in the vocabulary");
            }
            buf.writeBytes(idBytes[id]);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** The id of the token whose text is exactly {@code content} (an added token or a vocabulary entry), or -1. */
    public int tokenId(String content) {
        int id = added.idOf(content);
        if (id >= 0) {
            return id;
        }
        byte[] want = content.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < idBytes.length; i++) {
            if (idBytes[i] != null && java.util.Arrays.equals(idBytes[i], want)) {
                return i;
            }
        }
        return -1;
    }

    /** One more than the largest id (the size of an embedding table that covers every token). */
    public int vocabSize() {
        return idBytes.length;
    }

    /** The added tokens (special tokens), as text and id. */
    public List<String> addedTokens() {
        return added.tokens().stream().map(AddedTokens.Token::content).toList();
    }
}
