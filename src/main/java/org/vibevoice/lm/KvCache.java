package org.vibevoice.lm;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.tensor.DType;

/**
 * The keys (after RoPE) and values of one sequence, f32 or f16, per layer, in pages of {@link #BLOCK}
 * positions that are added as the sequence grows (never preallocated to the model's maximum
 * context, never copied). Pages are laid out so that each attention kernel pass streams one
 * contiguous run of memory: keys as [kv head][position tile][head_dim][TILE positions] (transposed,
 * so one vector instruction scores TILE/2 positions), values as [kv head][column tile][position][TILE
 * columns] (the last column tile holds the head_dim % TILE leftover columns), TILE being
 * {@link AttentionKernels#TILE}.
 *
 * <p>An f16 cache (half the memory, for long scripts) keeps the same layout in int pages, each int
 * holding two halves: in a row of w elements (TILE positions of a key tile, or the w columns of a
 * value row), int m holds element m (low half) and element m + w/2 (high half); see
 * {@link HalfAttentionKernels}. Values are rounded to nearest f16 on write and saturated at ±65504.
 */
public final class KvCache {
    /** Positions per page (a multiple of every vector width the kernels use). */
    public static final int BLOCK = 256;
    static final int BLOCK_SHIFT = 8;

    private final int layers;
    private final int kvHeads;
    private final int headDim;
    private final int maxPositions;
    private final boolean half;
    private final float[][][] k;
    private final float[][][] v;
    private final int[][][] kh;
    private final int[][][] vh;
    private int pages;
    private int length;

    KvCache(int layers, int kvHeads, int headDim, int maxPositions, DType dtype) {
        if (dtype != DType.F32 && dtype != DType.F16) {
            throw new IllegalArgumentException("a KV cache holds f32 or f16, not " + dtype);
        }
        this.layers = layers;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.maxPositions = maxPositions;
        this.half = dtype == DType.F16;
        this.k = half ? null : new float[layers][0][];
        this.v = half ? null : new float[layers][0][];
        this.kh = half ? new int[layers][0][] : null;
        this.vh = half ? new int[layers][0][] : null;
    }

    /** F32 or F16. */
    public DType dtype() {
        return half ? DType.F16 : DType.F32;
    }

    boolean isHalf() {
        return half;
    }

    /** Bytes of the pages allocated so far (keys and values of every layer). */
    public long byteSize() {
        return 2L * layers * pages * BLOCK * kvHeads * headDim * (half ? 2 : 4);
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
            if (half) {
                kh[l] = Arrays.copyOf(kh[l], need);
                vh[l] = Arrays.copyOf(vh[l], need);
                for (int p = pages; p < need; p++) {
                    kh[l][p] = new int[pageFloats / 2];
                    vh[l][p] = new int[pageFloats / 2];
                }
            } else {
                k[l] = Arrays.copyOf(k[l], need);
                v[l] = Arrays.copyOf(v[l], need);
                for (int p = pages; p < need; p++) {
                    k[l][p] = new float[pageFloats];
                    v[l][p] = new float[pageFloats];
                }
            }
        }
        pages = need;
    }

    /** Stores the key and value rows (kv heads × head_dim each) of position {@code pos} of a layer. */
    void put(int layer, int pos, float[] key, int keyOff, float[] value, int valueOff) {
        if (half) {
            putHalf(layer, pos, key, keyOff, value, valueOff);
            return;
        }
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

    private void putHalf(int layer, int pos, float[] key, int keyOff, float[] value, int valueOff) {
        int[] kp = kh[layer][pos >> BLOCK_SHIFT];
        int[] vp = vh[layer][pos >> BLOCK_SHIFT];
        int slot = pos & (BLOCK - 1);
        int tile = AttentionKernels.TILE;
        int s = slot % tile;
        for (int j = 0; j < kvHeads; j++) {
            int kBase = keyTileOffset(j, slot / tile) / 2;
            for (int i = 0; i < headDim; i++) {
                setHalf(kp, kBase + i * (tile / 2), s, tile, key[keyOff + j * headDim + i]);
            }
            for (int c0 = 0; c0 < headDim; c0 += tile) {
                int width = Math.min(tile, headDim - c0);
                int row = (valueTileOffset(j, c0) + slot * width) / 2;
                for (int c = 0; c < width; c++) {
                    setHalf(vp, row, c, width, value[valueOff + j * headDim + c0 + c]);
                }
            }
        }
    }

    /** Stores element e of a row of w halves starting at int {@code row}: int e mod w/2, low half when e &lt; w/2. */
    private static void setHalf(int[] page, int row, int e, int w, float x) {
        int h = Float.floatToFloat16(Math.clamp(x, -65504f, 65504f)) & 0xFFFF;
        int i = row + e % (w / 2);
        page[i] = e < w / 2 ? (page[i] & 0xFFFF0000) | h : (page[i] & 0xFFFF) | (h << 16);
    }

    /** Element e of a row of w halves starting at int {@code row} (the inverse of {@link #setHalf}). */
    static float getHalf(int[] page, int row, int e, int w) {
        int bits = page[row + e % (w / 2)];
        return Float.float16ToFloat((short) (e < w / 2 ? bits : bits >>> 16));
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

    /** As {@link #keyPage} for an f16 cache (offsets halved: two halves per int). */
    int[] keyPageHalf(int layer, int page) {
        return kh[layer][page];
    }

    /** As {@link #valuePage} for an f16 cache (offsets halved: two halves per int). */
    int[] valuePageHalf(int layer, int page) {
        return vh[layer][page];
    }

    /**
     * Makes this cache hold {@code positions} positions of random keys and values (uniform in
     * ±{@code scale}) without running the model, so a benchmark can decode at a long context.
     */
    public void fillRandom(int positions, SplittableRandom rnd, float scale) {
        ensureCapacity(positions);
        for (int l = 0; l < layers; l++) {
            for (int p = 0; p < pages; p++) {
                if (half) {
                    fill(kh[l][p], rnd, scale);
                    fill(vh[l][p], rnd, scale);
                } else {
                    fill(k[l][p], rnd, scale);
                    fill(v[l][p], rnd, scale);
                }
            }
        }
        length = positions;
    }

    private static void fill(int[] page, SplittableRandom rnd, float scale) {
        for (int i = 0; i < page.length; i++) {
            int lo = Float.floatToFloat16((float) ((rnd.nextDouble() * 2 - 1) * scale)) & 0xFFFF;
            int hi = Float.floatToFloat16((float) ((rnd.nextDouble() * 2 - 1) * scale)) & 0xFFFF;
            page[i] = lo | hi << 16;
        }
    }

    private static void fill(float[] page, SplittableRandom rnd, float scale) {
        for (int i = 0; i < page.length; i++) {
            page[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        }
    }
}
