package org.vibevoice.tensor;

import java.util.Arrays;

/**
 * Row chunks of one parallel matmul dispatch: 4-row multiples sized so a call has about 32 of
 * them (dynamic claiming then balances a shared machine, notes B.1.4), never under 32 KiB (a claim
 * must be worth its cost; small matrices run in one chunk, inline) nor over 1 MiB (huge matrices
 * such as lm_head still balance). Reused across calls: planning allocates only when it grows.
 */
final class ChunkPlan {
    static final int TARGET_CHUNKS = 32;
    static final long MIN_CHUNK_BYTES = 32 << 10;
    static final long MAX_CHUNK_BYTES = 1 << 20;

    private int[] matrix = new int[64];
    private int[] row0 = new int[64];
    private int[] row1 = new int[64];
    private int count;

    void clear() {
        count = 0;
    }

    int count() {
        return count;
    }

    int matrix(int chunk) {
        return matrix[chunk];
    }

    int row0(int chunk) {
        return row0[chunk];
    }

    int row1(int chunk) {
        return row1[chunk];
    }

    /** Appends chunks covering rows [r0, r1) of matrix i (rowBytes each) in a call moving totalBytes. */
    void add(int i, int r0, int r1, long rowBytes, long totalBytes) {
        long chunkBytes = Math.clamp(totalBytes / TARGET_CHUNKS, MIN_CHUNK_BYTES, MAX_CHUNK_BYTES);
        long rb = Math.max(1, rowBytes);
        long rowsPerChunk = ((chunkBytes + rb - 1) / rb + 3) & ~3L;
        for (long r = r0; r < r1; r += rowsPerChunk) {
            if (count == matrix.length) {
                matrix = Arrays.copyOf(matrix, 2 * count);
                row0 = Arrays.copyOf(row0, 2 * count);
                row1 = Arrays.copyOf(row1, 2 * count);
            }
            matrix[count] = i;
            row0[count] = (int) r;
            row1[count] = (int) Math.min(r1, r + rowsPerChunk);
            count++;
        }
    }
}
