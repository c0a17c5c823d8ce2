package org.vibevoice.lm;

import java.util.Arrays;
import org.vibevoice.tensor.Exp;
import org.vibevoice.tensor.Ops;
import org.vibevoice.tensor.Parallel;

/**
 * Causal grouped-query attention of a block of rows against their KV caches, split over cache pages
 * so that long contexts spread over all cores: one task per (row, kv head, page) scores the page's
 * positions, exponentiates them against the page's own maximum and sums the page's weighted values
 * (keys and values of a page are read once, one after the other, and its probabilities never leave
 * L1); a second pass per (row, kv head) rescales the pages' partial sums by exp(page max − row max)
 * and divides by the rescaled exponent sums, which is the softmax of the whole row. The query heads
 * that share a kv head are processed together (padded to a multiple of three), so each cached key
 * and value is read from memory once per group.
 */
final class Attention {
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final int group;
    private final int groupPad;
    private final float scale;
    private final int fullColumnTiles;

    /** Queries per (row, kv head): groupPad rows of head_dim, padded rows stay zero. */
    private final float[] qPad;
    /** Scores, then exponents, per (row, kv head): groupPad rows of {@code stride[rk]} positions. */
    private final float[][] scores;
    private final int[] stride;
    private final int[] taskStart;
    /** Per task (page): groupPad rows of head_dim weighted value sums. */
    private float[] partial = new float[0];
    /** Per task (page) and head: the page's largest score and its exponent sum. */
    private float[] pageMax = new float[0];
    private float[] pageSum = new float[0];

    private final Parallel.Body pageBody = this::pageTask;
    private final Parallel.Body combineBody = this::combineTask;

    // The block being processed.
    private final KvCache[] caches;
    private final int[] positions;
    private int layer;
    private int row0;
    private float[] att;

    Attention(int heads, int kvHeads, int headDim, int maxRows) {
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.group = heads / kvHeads;
        this.groupPad = AttentionKernels.paddedGroup(group);
        this.scale = (float) (1.0 / Math.sqrt(headDim));
        this.fullColumnTiles = headDim / AttentionKernels.TILE;
        int slots = maxRows * kvHeads;
        qPad = new float[slots * groupPad * headDim];
        scores = new float[slots][0];
        stride = new int[slots];
        taskStart = new int[slots + 1];
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
        this.row0 = row0;
        this.att = att;
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
                taskStart[rk] = tasks;
                tasks += pages;
            }
        }
        taskStart[n * kvHeads] = tasks;
        if (pageMax.length < tasks * groupPad) {
            pageMax = new float[tasks * groupPad];
            pageSum = new float[tasks * groupPad];
            partial = new float[tasks * slotFloats];
        }
        Parallel.forEach(tasks, pageBody);
        Parallel.forEach(n * kvHeads, combineBody);
        Arrays.fill(this.caches, 0, n, null);
        this.att = null;
    }

    /** Scores, exponents and weighted values of one cache page for every query head of one (row, kv head). */
    private void pageTask(int task) {
        int rk = 0;
        while (taskStart[rk + 1] <= task) {
            rk++;
        }
        int page = task - taskStart[rk];
        int r = rk / kvHeads;
        int j = rk % kvHeads;
        int inPage = Math.min(KvCache.BLOCK, positions[r] + 1 - page * KvCache.BLOCK);
        KvCache cache = caches[r];
        if (cache.isHalf()) {
            scoreHalf(cache, page, inPage, rk, j);
        } else {
            score(cache, page, inPage, rk, j);
        }
        float[] p = scores[rk];
        int st = stride[rk];
        int pCol = page * KvCache.BLOCK;
        for (int h = 0; h < group; h++) {
            int from = h * st + pCol;
            float max = Ops.max(p, from, inPage);
            pageMax[task * groupPad + h] = max;
            pageSum[task * groupPad + h] = Exp.exp(p, from, 1f, max, p, from, inPage);
            if (cache.isHalf()) {
                Ops.scale(p, from, inPage, HalfAttentionKernels.P_SCALE);
            }
        }
        int oBase = task * groupPad * headDim;
        Arrays.fill(partial, oBase, oBase + groupPad * headDim, 0f);
        if (cache.isHalf()) {
            valuesHalf(cache, page, inPage, p, st, pCol, j, oBase);
        } else {
            values(cache, page, inPage, p, st, pCol, j, oBase);
        }
    }

    /** Scaled scores of one f32 cache page for the groupPad query heads of (row, kv head) rk. */
    private void score(KvCache cache, int page, int inPage, int rk, int j) {
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

    /** As {@link #score} for an f16 cache. */
    private void scoreHalf(KvCache cache, int page, int inPage, int rk, int j) {
        int[] kt = cache.keyPageHalf(layer, page);
        float[] s = scores[rk];
        int st = stride[rk];
        int qBase = rk * groupPad * headDim;
        for (int t0 = 0; t0 < inPage; t0 += AttentionKernels.TILE) {
            int sCol = page * KvCache.BLOCK + t0;
            int ktOff = cache.keyTileOffset(j, t0 / AttentionKernels.TILE) / 2;
            int h = 0;
            for (; h + 6 <= groupPad; h += 6) {
                HalfAttentionKernels.scoreTile6(kt, ktOff, qPad, qBase + h * headDim, headDim, scale, s, h * st + sCol, st);
            }
            if (h < groupPad) {
                HalfAttentionKernels.scoreTile3(kt, ktOff, qPad, qBase + h * headDim, headDim, scale, s, h * st + sCol, st);
            }
        }
    }

    /** Adds the page's values weighted by p (columns [pCol, pCol + inPage) of each head's row) to partial[oBase…]. */
    private void values(KvCache cache, int page, int inPage, float[] p, int st, int pCol, int j, int oBase) {
        float[] vp = cache.valuePage(layer, page);
        for (int c0 = 0; c0 < headDim; c0 += AttentionKernels.TILE) {
            int vOff = cache.valueTileOffset(j, c0);
            if (c0 / AttentionKernels.TILE < fullColumnTiles) {
                int h = 0;
                for (; h + 6 <= groupPad; h += 6) {
                    AttentionKernels.valueTile6(vp, vOff, inPage, p, h * st + pCol, st, partial,
                            oBase + h * headDim + c0, headDim);
                }
                if (h < groupPad) {
                    AttentionKernels.valueTile3(vp, vOff, inPage, p, h * st + pCol, st, partial,
                            oBase + h * headDim + c0, headDim);
                }
            } else {
                int width = headDim - c0;
                for (int h = 0; h < group; h++) {
                    for (int t = 0; t < inPage; t++) {
                        Ops.axpy(p[h * st + pCol + t], vp, vOff + t * width, partial, oBase + h * headDim + c0, width);
                    }
                }
            }
        }
    }

    /** As {@link #values} for an f16 cache (p pre-scaled by 2¹¹²). */
    private void valuesHalf(KvCache cache, int page, int inPage, float[] p, int st, int pCol, int j, int oBase) {
        int[] vp = cache.valuePageHalf(layer, page);
        for (int c0 = 0; c0 < headDim; c0 += AttentionKernels.TILE) {
            int vOff = cache.valueTileOffset(j, c0) / 2;
            if (c0 / AttentionKernels.TILE < fullColumnTiles) {
                int h = 0;
                for (; h + 6 <= groupPad; h += 6) {
                    HalfAttentionKernels.valueTile6(vp, vOff, inPage, p, h * st + pCol, st, partial,
                            oBase + h * headDim + c0, headDim);
                }
                if (h < groupPad) {
                    HalfAttentionKernels.valueTile3(vp, vOff, inPage, p, h * st + pCol, st, partial,
                            oBase + h * headDim + c0, headDim);
                }
            } else {
                int width = headDim - c0;
                for (int h = 0; h < group; h++) {
                    for (int t = 0; t < inPage; t++) {
                        float w = p[h * st + pCol + t] / HalfAttentionKernels.P_SCALE;
                        int row = vOff + t * width / 2;
                        int o = oBase + h * headDim + c0;
                        for (int c = 0; c < width; c++) {
                            partial[o + c] += w * KvCache.getHalf(vp, row, c, width);
                        }
                    }
                }
            }
        }
    }

    /**
     * The softmax-weighted values of every query head of (row, kv head) rk: each page's partial sum
     * scaled by exp(page max − row max), over the equally scaled sum of the pages' exponents. (An f16
     * page's partial sums need no unscaling: its 2¹¹²-scaled exponents met values decoded × 2⁻¹¹².)
     */
    private void combineTask(int rk) {
        int r = rk / kvHeads;
        int j = rk % kvHeads;
        int first = taskStart[rk];
        int pages = taskStart[rk + 1] - first;
        for (int h = 0; h < group; h++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int pg = 0; pg < pages; pg++) {
                max = Math.max(max, pageMax[(first + pg) * groupPad + h]);
            }
            int o = (row0 + r) * heads * headDim + (j * group + h) * headDim;
            Arrays.fill(att, o, o + headDim, 0f);
            float sum = 0;
            for (int pg = 0; pg < pages; pg++) {
                int at = (first + pg) * groupPad + h;
                float w = Exp.exp(pageMax[at] - max);
                sum += w * pageSum[at];
                Ops.axpy(w, partial, ((first + pg) * groupPad + h) * headDim, att, o, headDim);
            }
            Ops.scale(att, o, headDim, 1f / sum);
        }
    }
}
