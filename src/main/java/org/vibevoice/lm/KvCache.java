package org.vibevoice.lm;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The keys (after RoPE) and values of one sequence, f32, per layer, in pages of {@link #BLOCK}
 * positions that are added as the sequence grows (never preallocated to the model's maximum
 * context, never copied). Layout of a page: [position][kv head][head_dim].
 */
public final class KvCache {
    /** Positions per page. */
    public static final int BLOCK = 256;
    static final int BLOCK_SHIFT = 8;

    private final int layers;
    private final int kvDim;
    private final int maxPositions;
    private float[][][] k;
    private float[][][] v;
    private int pages;
    private int length;

    KvCache(int layers, int kvDim, int maxPositions) {
        this.layers = layers;
        this.kvDim = kvDim;
        this.maxPositions = maxPositions;
        this.k = new float[layers][0][];
        this.v = new float[layers][0][];
    }

    /** Positions held: the next token goes at this position. */
    public int length() {
        return length;
    }

    /** Forgets every position (pages are kept for reuse). */
    public void reset() {
        length = 0;
    }

    /** Positions that fit without adding a page. */
    public int capacity() {
        return pages << BLOCK_SHIFT;
    }

    void ensureCapacity(int positions) {
        if (positions > maxPositions) {
            throw new IllegalStateException("context of " + positions + " positions exceeds the model's "
                    + "max_position_embeddings " + maxPositions);
        }
        int need = (positions + BLOCK - 1) >> BLOCK_SHIFT;
        if (need <= pages) {
            return;
        }
        for (int l = 0; l < layers; l++) {
            k[l] = Arrays.copyOf(k[l], need);
            v[l] = Arrays.copyOf(v[l], need);
            for (int p = pages; p < need; p++) {
                k[l][p] = new float[BLOCK * kvDim];
                v[l][p] = new float[BLOCK * kvDim];
            }
        }
        pages = need;
    }

    void put(int layer, int pos, float[] key, int keyOff, float[] value, int valueOff) {
        int off = (pos & (BLOCK - 1)) * kvDim;
        System.arraycopy(key, keyOff, k[layer][pos >> BLOCK_SHIFT], off, kvDim);
        System.arraycopy(value, valueOff, v[layer][pos >> BLOCK_SHIFT], off, kvDim);
    }

    void setLength(int length) {
        this.length = length;
    }

    float[] keyPage(int layer, int page) {
        return k[layer][page];
    }

    float[] valuePage(int layer, int page) {
        return v[layer][page];
    }

    /**
     * Makes this cache hold {@code positions} positions of random keys and values (uniform in
     * ±{@code scale}) without running the model, so a benchmark can decode at a long context.
     */
    public void fillRandom(int positions, SplittableRandom rnd, float scale) {
        ensureCapacity(positions);
        for (int l = 0; l < layers; l++) {
            for (int p = 0; p < pages; p++) {
                for (float[] page : new float[][] {k[l][p], v[l][p]}) {
                    for (int i = 0; i < page.length; i++) {
                        page[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
                    }
                }
            }
        }
        length = positions;
    }
}
