package org.vibevoice.golden;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.vibevoice.tokenizer.Tokenizer;
import org.vibevoice.tokenizer.Tokenizers;

/**
 * {@code tokenize}: every text of the case encoded without special tokens added. The tokenizer is
 * the one the case's metadata names (relative to the fixture directory), else the model's.
 */
public final class TokenizeRunner implements KindRunner {
    @Override
    public String kind() {
        return "tokenize";
    }

    @Override
    public CaseOutputs run(GoldenCase c, GoldenContext ctx) {
        Path source = c.metadata().containsKey("tokenizer") ? c.resolve(c.meta("tokenizer")) : null;
        Tokenizer tok = ctx.cached("tokenizer:" + (source != null ? source : c.modelDir()),
                () -> source != null ? Tokenizers.open(source) : Tokenizers.forModel(c.modelDir()));
        byte[] utf8 = c.in("text_utf8").toBytes();
        long[] textOffsets = c.in("text_offsets").toLongs();
        int n = textOffsets.length - 1;
        long[] offsets = new long[n + 1];
        int[][] perText = new int[n][];
        for (int i = 0; i < n; i++) {
            String text = new String(utf8, (int) textOffsets[i], (int) (textOffsets[i + 1] - textOffsets[i]),
                    StandardCharsets.UTF_8);
            perText[i] = tok.encode(text);
            offsets[i + 1] = offsets[i] + perText[i].length;
        }
        long[] ids = new long[(int) offsets[n]];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < perText[i].length; j++) {
                ids[(int) offsets[i] + j] = perText[i][j];
            }
        }
        return new CaseOutputs().put("ids", ids).put("offsets", offsets);
    }
}
