package org.vibevoice.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.vibevoice.tokenizer.Tokenizer;
import org.vibevoice.tokenizer.Tokenizers;

/**
 * Tokenizer speed: load time of the bundled Qwen2.5 tokenizer, then encode throughput (MB of UTF-8
 * per second, one thread) on a seeded multi-script corpus, cold (fresh merge cache) and warm.
 */
public final class TokenizerBench {
    private TokenizerBench() {
    }

    /** Runs the benchmark on a corpus of about {@code megabytes} MB, printing a table to {@code out}. */
    public static void run(double megabytes, int repeats, PrintStream out) {
        double[] loadMs = new double[3];
        Tokenizer tok = null;
        for (int i = 0; i < loadMs.length; i++) {
            long t0 = System.nanoTime();
            tok = Tokenizers.readBundledQwen25();
            loadMs[i] = (System.nanoTime() - t0) / 1e6;
        }
        out.printf("load bundled Qwen2.5 tokenizer.json: first %.0f ms, then %.0f ms, %.0f ms%n",
                loadMs[0], loadMs[1], loadMs[2]);

        String[] lines = new TextCorpus(42).corpus((long) (megabytes * 1e6)).split("\n");
        long bytes = 0;
        for (String l : lines) {
            bytes += l.getBytes(StandardCharsets.UTF_8).length;
        }
        double mb = bytes / 1e6;
        out.printf("corpus: %.2f MB UTF-8 in %d lines (seed 42)%n", mb, lines.length);

        long tokens = 0;
        long t0 = System.nanoTime();
        for (String l : lines) {
            tokens += tok.encode(l).length;
        }
        double coldS = (System.nanoTime() - t0) / 1e9;
        out.printf("encode, cold cache : %7.2f MB/s  (%d tokens, %.2f s)%n", mb / coldS, tokens, coldS);

        double[] warm = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long s = System.nanoTime();
            for (String l : lines) {
                tok.encode(l);
            }
            warm[r] = mb / ((System.nanoTime() - s) / 1e9);
        }
        Arrays.sort(warm);
        out.printf("encode, warm cache : %7.2f MB/s median of %d (min %.2f, max %.2f)%n",
                warm[repeats / 2], repeats, warm[0], warm[repeats - 1]);
    }
}
