package org.vibevoice.lm;

import java.util.Arrays;
import org.vibevoice.tensor.Ops;
import org.vibevoice.tensor.Parallel;

/**
 * Causal grouped-query attention of a block of rows against their KV caches, in three parallel
 * passes so that long contexts spread over all cores: scores per (row, kv head, cache page), softmax
 * per (row, head), weighted values per (row, kv head, column tile). The query heads that share a kv
 * head are processed together (padded to a multiple of three), so each cached key and value is read
 * from memory once per group.
 */
final class Attention {
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final int group;
    private final int groupPad;
    private final float scale;
    private final int fullColumnTiles;
    private final int valueTasksPerHead;

    /** Queries per (row, kv head): groupPad rows of head_dim, padded rows stay zero. */
    private final float[] qPad;
    /** Outputs per (row, kv head): groupPad rows of head_dim. */
    private final float[] outPad;
    /** Scores per (row, kv head): groupPad rows of {@code stride[rk]} positions. */
    private final float[][] scores;
    private final int[] stride;
    private final int[] scoreTaskStart;

    private final Parallel.Body scoreBody = this::scoreTask;
    private final Parallel.Body softmaxBody = this::softmaxTask;
    private final Parallel.Body valueBody = this::valueTask;

    // The block being processed.
    private final KvCache[] caches;
    private final int[] positions;
    private int layer;

    Attention(int heads, int kvHeads, int headDim, int maxRows) {
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.group = heads / kvHeads;
        this.groupPad = AttentionKernels.paddedGroup(group);
        this.scale = (float) (1.0 / Math.sqrt(headDim));
        this.fullColumnTiles = headDim / AttentionKernels.TILE;
        this.valueTasksPerHead = fullColumnTiles + (headDim % AttentionKernels.TILE != 0 ? 1 : 0);
        int slots = maxRows * kvHeads;
        qPad = new float[slots * groupPad * headDim];
        outPad = new float[slots * groupPad * headDim];
        scores = new float[slots][0];
        stride = new int[slots];
        scoreTaskStart = new int[slots + 1];
        caches = new KvCache[maxRows];
        positions = new int[maxRows];
    }

    /**
     * att[r] = attention of query row q[r] (heads × head_dim, after RoPE) over positions
     * 0..positions[r] of caches[r] at {@code layer}, for row0 ≤ r &lt; row0 + n (n ≤ maxRows).
     */
    void run(KvCache[] caches, int[] positions, int row0, int n, int layer, float[] q, float[] att) {
        System.arraycopy(caches, row0, this.caches, 0, n);
        System.arraycopy(positions, row0, this.positions, 0, n);
        this.layer = layer;
        int qDim = heads * headDim;
        int slotFloats = groupPad * headDim;
        int tasks = 0;
        for (int r = 0; r < n; r++) {
            int len = positions[r] + 1;
            int pages = (len + KvCache.BLOCK - 1) >> KvCache.BLOCK_SHIFT;
            for (int j = 0; j < kvHeads; j++) {
                int rk = r * kvHeads + j;
                int from = (row0 + r) * qDim + j * group * headDim;
                if (caches[r].isHalf()) {
                    for (int i = 0; i < group * headDim; i++) {
                        qPad[rk * slotFloats + i] = q[from + i] * HalfAttentionKernels.Q_SCALE;
                    }
                } else {
                    System.arraycopy(q, from, qPad, rk * slotFloats, group * headDim);
                }
                stride[rk] = pages * KvCache.BLOCK;
                if (scores[rk].length < groupPad * stride[rk]) {
                    scores[rk] = new float[groupPad * stride[rk]];
                }
                scoreTaskStart[rk] = tasks;
                tasks += pages;
            }
        }
        scoreTaskStart[n * kvHeads] = tasks;
        Arrays.fill(outPad, 0, n * kvHeads * slotFloats, 0f);
        Parallel.forEach(tasks, scoreBody);
        Parallel.forEach(n * heads, softmaxBody);
        Parallel.forEach(n * kvHeads * valueTasksPerHead, valueBody);
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < kvHeads; j++) {
                System.arraycopy(outPad, (r * kvHeads + j) * slotFloats, att, (row0 + r) * qDim + j * group * headDim,
                        group * headDim);
            }
        }
        Arrays.fill(this.caches, 0, n, null);
    }

    /** Scores of one cache page for every query head of one (row, kv head). */
    private void scoreTask(int task) {
        int rk = 0;
        while (scoreTaskStart[rk + 1] <= task) {
            rk++;
        }
        int page = task - scoreTaskStart[rk];
        int r = rk / kvHeads;
        int j = rk % kvHeads;
        int len = positions[r] + 1;
        int inPage = Math.min(KvCache.BLOCK, len - page * KvCache.BLOCK);
        KvCache cache = caches[r];
        if (cache.isHalf()) {
            scoreHalf(cache, page, inPage, rk, j);
            return;
        }
        float[] kt = cache.keyPage(layer, page);
        float[] s = scores[rk];
        int st = stride[rk];
        int qBase = rk * groupPad * headDim;
        for (int t0 = 0; t0 < inPage; t0 += AttentionKernels.TILE) {
            int sCol = page * KvCache.BLOCK + t0;
            int ktOff = cache.keyTileOffset(j, t0 / AttentionKernels.TILE);
            int h = 0;
            for (; h + 6 <= groupPad; h += 6) {
                AttentionKernels.scoreTile6(kt, ktOff, qPad, qBase + h * headDim, headDim, scale, s, h * st + sCol, st);
            }
            if (h < groupPad) {
                AttentionKernels.scoreTile3(kt, ktOff, qPad, qBase + h * headDim, headDim, scale, s, h * st + sCol, st);
            }
        }
    }

    /** As the f32 part of {@link #scoreTask} for an f16 cache. */
    private void scoreHalf(KvCache cache, int page, int inPage, int rk, int j) {
        int[] kt = cache.keyPageHalf(layer, page);
        float[] s = scores[rk];
        int st = stride[rk];
        int qBase = rk * groupPad * headDim;
        for (int t0 = 0; t0 < inPage; t0 += AttentionKernels.TILE) {
            int sCol = page * KvCache.BLOCK + t0;
            int ktOff = cache.keyTileOffset(j, t0 / AttentionKernels.TILE) / 2;
            for (int h = 0; h < groupPad; h += 3) {
                HalfAttentionKernels.scoreTile3(kt, ktOff, qPad, qBase + h * headDim, headDim, scale, s, h * st + sCol, st);
            }
        }
    }

    private void softmaxTask(int task) {
        int r = task / heads;
        int head = task % heads;
        int rk = r * kvHeads + head / group;
        int from = (head % group) * stride[rk];
        int len = positions[r] + 1;
        Ops.softmax(scores[rk], from, len);
        if (caches[r].isHalf()) {
            float[] p = scores[rk];
            for (int i = from; i < from + len; i++) {
                p[i] *= HalfAttentionKernels.P_SCALE;
            }
        }
    }

    /** Weighted values for one column tile (or the leftover columns) of one (row, kv head). */
    private void valueTask(int task) {
        int rk = task / valueTasksPerHead;
        int tile = task % valueTasksPerHead;
        int r = rk / kvHeads;
        int j = rk % kvHeads;
        int len = positions[r] + 1;
        float[] p = scores[rk];
        int st = stride[rk];
        int oBase = rk * groupPad * headDim;
        int c0 = tile * AttentionKernels.TILE;
        int vOff = caches[r].valueTileOffset(j, c0);
        int width = Math.min(AttentionKernels.TILE, headDim - c0);
        if (caches[r].isHalf()) {
            valueHalf(caches[r], len, p, st, oBase, c0, vOff / 2, width, tile < fullColumnTiles);
            return;
        }
        for (int page = 0; page * KvCache.BLOCK < len; page++) {
            float[] vp = caches[r].valuePage(layer, page);
            int inPage = Math.min(KvCache.BLOCK, len - page * KvCache.BLOCK);
            int pCol = page * KvCache.BLOCK;
            if (tile < fullColumnTiles) {
                int h = 0;
                for (; h + 6 <= groupPad; h += 6) {
                    AttentionKernels.valueTile6(vp, vOff, inPage, p, h * st + pCol, st, outPad,
                            oBase + h * headDim + c0, headDim);
                }
                if (h < groupPad) {
                    AttentionKernels.valueTile3(vp, vOff, inPage, p, h * st + pCol, st, outPad,
                            oBase + h * headDim + c0, headDim);
                }
            } else {
                for (int h = 0; h < group; h++) {
                    for (int t = 0; t < inPage; t++) {
                        float w = p[h * st + pCol + t];
                        int vo = vOff + t * width;
                        int o = oBase + h * headDim + c0;
                        for (int c = 0; c < width; c++) {
                            outPad[o + c] += w * vp[vo + c];
                        }
                    }
                }
            }
        }
    }

    /** As the f32 part of {@link #valueTask} for an f16 cache ({@code vOff} in ints; p pre-scaled by 2¹¹²). */
    private void valueHalf(KvCache cache, int len, float[] p, int st, int oBase, int c0, int vOff, int width,
            boolean full) {
        for (int page = 0; page * KvCache.BLOCK < len; page++) {
            int[] vp = cache.valuePageHalf(layer, page);
            int inPage = Math.min(KvCache.BLOCK, len - page * KvCache.BLOCK);
            int pCol = page * KvCache.BLOCK;
            if (full) {
                int h = 0;
                for (; h + 6 <= groupPad; h += 6) {
                    HalfAttentionKernels.valueTile6(vp, vOff, inPage, p, h * st + pCol, st, outPad,
                            oBase + h * headDim + c0, headDim);
                }
                if (h < groupPad) {
                    HalfAttentionKernels.valueTile3(vp, vOff, inPage, p, h * st + pCol, st, outPad,
                            oBase + h * headDim + c0, headDim);
                }
            } else {
                for (int h = 0; h < group; h++) {
                    for (int t = 0; t < inPage; t++) {
                        float w = p[h * st + pCol + t] / HalfAttentionKernels.P_SCALE;
                        int row = vOff + t * width / 2;
                        int o = oBase + h * headDim + c0;
                        for (int c = 0; c < width; c++) {
                            outPad[o + c] += w * KvCache.getHalf(vp, row, c, width);
                        }
                    }
                }
            }
        }
    }
}
