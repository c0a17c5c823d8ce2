package org.vibevoice.tokenizer;

import java.util.Arrays;

/**
 * BPE merges as an open-addressing hash table keyed by the token-id pair packed into a long: the
 * lookup in the merge loop neither boxes nor builds strings.
 */
final class MergeTable {
    private static final long EMPTY = -1L;

    private final long[] keys;
    private final int[] ranks;
    private final int[] merged;
    private final int mask;
    private int size;

    MergeTable(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        Arrays.fill(keys, EMPTY);
        ranks = new int[cap];
        merged = new int[cap];
        mask = cap - 1;
    }

    static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        int i = (int) (h ^ (h >>> 29)) & mask;
        while (keys[i] != EMPTY && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /** Adds a merge; a pair listed twice keeps its last rank, as Hugging Face's map does. */
    void put(int left, int right, int rank, int mergedId) {
        long k = key(left, right);
        int i = slot(k);
        if (keys[i] == EMPTY) {
            if (size + 1 > keys.length / 2) {
                throw new IllegalStateException("merge table full");
            }
            keys[i] = k;
            size++;
        }
        ranks[i] = rank;
        merged[i] = mergedId;
    }

    /** The slot of the pair, or -1 when the pair does not merge. */
    int find(int left, int right) {
        int i = slot(key(left, right));
        return keys[i] == EMPTY ? -1 : i;
    }

    int rankAt(int slot) {
        return ranks[slot];
    }

    int mergedAt(int slot) {
        return merged[slot];
    }

    int size() {
        return size;
    }
}
