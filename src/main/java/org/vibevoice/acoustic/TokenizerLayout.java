package org.vibevoice.acoustic;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vibevoice.model.VibeVoiceConfig.SpeechTokenizerConfig;

/**
 * The tensor names and shapes of a tokenizer encoder or decoder as the original builds them from
 * its config (kernel 7 for stems, heads and mixers, FFN ratio 4): what a checkpoint must hold, and
 * what benchmarks fill with random weights at the real sizes.
 */
public final class TokenizerLayout {
    private static final int KERNEL = 7;
    private static final int FFN_RATIO = 4;

    private TokenizerLayout() {
    }

    /** Shapes of {@code prefix}.* of an encoder (e.g. model.acoustic_tokenizer.encoder). */
    public static Map<String, long[]> encoder(String prefix, SpeechTokenizerConfig cfg) {
        Map<String, long[]> m = new LinkedHashMap<>();
        int[] depths = cfg.encoderDepths();
        int[] ratios = cfg.encoderRatios();
        int nf = cfg.encoderNFilters();
        int in = cfg.channels();
        for (int s = 0; s < depths.length; s++) {
            int c = nf << s;
            long k = s == 0 ? KERNEL : 2L * ratios[ratios.length - s];
            conv(m, prefix + ".downsample_layers." + s + ".0.conv.conv", c, in, k);
            stage(m, prefix + ".stages." + s, depths[s], c);
            in = c;
        }
        conv(m, prefix + ".head.conv.conv", cfg.vaeDim(), in, KERNEL);
        return m;
    }

    /** Shapes of {@code prefix}.* of a decoder (e.g. model.acoustic_tokenizer.decoder). */
    public static Map<String, long[]> decoder(String prefix, SpeechTokenizerConfig cfg) {
        Map<String, long[]> m = new LinkedHashMap<>();
        int[] depths = cfg.decoderDepths();
        int[] ratios = cfg.decoderRatios();
        int n = depths.length;
        int nf = cfg.decoderNFilters();
        int c = nf << (n - 1);
        conv(m, prefix + ".upsample_layers.0.0.conv.conv", c, cfg.vaeDim(), KERNEL);
        stage(m, prefix + ".stages.0", depths[0], c);
        for (int s = 1; s < n; s++) {
            int out = nf << (n - 1 - s);
            String name = prefix + ".upsample_layers." + s + ".0.convtr.convtr";
            m.put(name + ".weight", new long[] {c, out, 2L * ratios[s - 1]});
            m.put(name + ".bias", new long[] {out});
            c = out;
            stage(m, prefix + ".stages." + s, depths[s], c);
        }
        conv(m, prefix + ".head.conv.conv", cfg.channels(), c, KERNEL);
        return m;
    }

    private static void conv(Map<String, long[]> m, String name, long out, long in, long k) {
        m.put(name + ".weight", new long[] {out, in, k});
        m.put(name + ".bias", new long[] {out});
    }

    private static void stage(Map<String, long[]> m, String prefix, int depth, long c) {
        for (int j = 0; j < depth; j++) {
            String b = prefix + "." + j;
            m.put(b + ".norm.weight", new long[] {c});
            m.put(b + ".mixer.conv.conv.conv.weight", new long[] {c, 1, KERNEL});
            m.put(b + ".mixer.conv.conv.conv.bias", new long[] {c});
            m.put(b + ".gamma", new long[] {c});
            m.put(b + ".ffn_norm.weight", new long[] {c});
            m.put(b + ".ffn.linear1.weight", new long[] {FFN_RATIO * c, c});
            m.put(b + ".ffn.linear1.bias", new long[] {FFN_RATIO * c});
            m.put(b + ".ffn.linear2.weight", new long[] {c, FFN_RATIO * c});
            m.put(b + ".ffn.linear2.bias", new long[] {c});
            m.put(b + ".ffn_gamma", new long[] {c});
        }
    }
}
