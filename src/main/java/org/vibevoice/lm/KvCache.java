package org.vibevoice.lm;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.vibevoice.VibeVoiceException;

/**
 * The keys (after RoPE) and values of one sequence, f32, per layer, in pages of {@link #BLOCK}
 * positions that are added as the sequence grows (never preallocated to the model's maximum
 * context, never copied). Pages are laid out so that each attention kernel pass streams one
 * contiguous run of memory: keys as [kv head][position tile][head_dim][TILE positions] (transposed,
 * so one vector instruction scores TILE/2 positions), values as [kv head][column tile][position][TILE
 * columns] (the last column tile holds the head_dim % TILE leftover columns), TILE being
 * {@link AttentionKernels#TILE}.
 */
public final class KvCache {
    /** Positions per page (a multiple of every vector width the kernels use). */
    public static final int BLOCK = 256;
    static final int BLOCK_SHIFT = 8;

    private final int layers;
    private final int kvHeads;
    private final int headDim;
    private final int maxPositions;
    private final float[][][] k;
    private final float[][][] v;
    private int pages;
    private int length;

    KvCache(int layers, int kvHeads, int headDim, int maxPositions) {
        this.layers = layers;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
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

    /**
     * Keeps only the first {@code positions} positions. Generation steps the negative CFG branch
     * together with the positive one and takes the step back when no frame was made.
     */
    public void truncate(int positions) {
        if (positions < 0 || positions > length) {
            throw new IllegalArgumentException("cannot truncate " + length + " positions to " + positions);
        }
        length = positions;
    }

    /** Positions that fit without adding a page. */
    public int capacity() {
        return pages << BLOCK_SHIFT;
    }

    void ensureCapacity(int positions) {
        if (positions > maxPositions) {
            throw new VibeVoiceException("a context of " + positions + " positions exceeds the model's "
                    + "max_position_embeddings (" + maxPositions + ")");
        }
        int need = (positions + BLOCK - 1) >> BLOCK_SHIFT;
        if (need <= pages) {
            return;
        }
        int pageFloats = BLOCK * kvHeads * headDim;
        for (int l = 0; l < layers; l++) {
            k[l] = Arrays.copyOf(k[l], need);
            v[l] = Arrays.copyOf(v[l], need);
            for (int p = pages; p < need; p++) {
                k[l][p] = new float[pageFloats];
                v[l][p] = new float[pageFloats];
            }
        }
        pages = need;
    }

    /** Stores the key and value rows (kv heads × head_dim each) of position {@code pos} of a layer. */
    void put(int layer, int pos, float[] key, int keyOff, float[] value, int valueOff) {
        float[] kp = k[layer][pos >> BLOCK_SHIFT];
        float[] vp = v[layer][pos >> BLOCK_SHIFT];
        int slot = pos & (BLOCK - 1);
        int tile = AttentionKernels.TILE;
        for (int j = 0; j < kvHeads; j++) {
            int kBase = keyTileOffset(j, slot / tile) + slot % tile;
            for (int i = 0; i < headDim; i++) {
                kp[kBase + i * tile] = key[keyOff + j * headDim + i];
            }
            for (int c0 = 0; c0 < headDim; c0 += tile) {
                int width = Math.min(tile, headDim - c0);
                System.arraycopy(value, valueOff + j * headDim + c0, vp, valueTileOffset(j, c0) + slot * width, width);
            }
        }
    }

    /** Start of kv head j's position tile in a key page: head_dim rows of TILE positions. */
    int keyTileOffset(int j, int positionTile) {
        return j * headDim * BLOCK + positionTile * headDim * AttentionKernels.TILE;
    }

    /** Start of kv head j's column tile beginning at column c0 in a value page: BLOCK rows of min(TILE, head_dim − c0). */
    int valueTileOffset(int j, int c0) {
        return j * BLOCK * headDim + c0 * BLOCK;
    }

    void setLength(int length) {
        this.length = length;
    }

    /** Page {@code page} of a layer's keys (see {@link #keyTileOffset}). */
    float[] keyPage(int layer, int page) {
        return k[layer][page];
    }

    /** Page {@code page} of a layer's values (see {@link #valueTileOffset}). */
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
                fill(k[l][p], rnd, scale);
                fill(v[l][p], rnd, scale);
            }
        }
        length = positions;
    }

    private static void fill(float[] page, SplittableRandom rnd, float scale) {
        for (int i = 0; i < page.length; i++) {
            page[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        }
    }
}
