package org.vibevoice.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Added (special) tokens, matched on the raw text before normalisation and BPE: at each position
 * the longest token starting there wins, and the leftmost match is taken first (Hugging Face's
 * leftmost-longest rule).
 */
final class AddedTokens {
    /** One added token: its text and id. */
    record Token(String content, int id) {
    }

    private final Token[] byLengthDesc;
    private final boolean[] firstChar = new boolean[Character.MAX_VALUE + 1];

    AddedTokens(List<Token> tokens) {
        List<Token> sorted = new ArrayList<>(tokens);
        sorted.removeIf(t -> t.content().isEmpty());
        sorted.sort(Comparator.comparingInt((Token t) -> t.content().length()).reversed());
        byLengthDesc = sorted.toArray(Token[]::new);
        for (Token t : byLengthDesc) {
            firstChar[t.content().charAt(0)] = true;
        }
    }

    List<Token> tokens() {
        return List.of(byLengthDesc);
    }

    /** The token matched at {@code pos}, or null. */
    Token matchAt(String text, int pos) {
        if (!firstChar[text.charAt(pos)]) {
            return null;
        }
        for (Token t : byLengthDesc) {
            if (text.startsWith(t.content(), pos)) {
                return t;
            }
        }
        return null;
    }

    /** The id of a token with exactly this text, or -1. */
    int idOf(String content) {
        for (Token t : byLengthDesc) {
            if (t.content().equals(content)) {
                return t.id();
            }
        }
        return -1;
    }
}
