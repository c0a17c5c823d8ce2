package org.vibevoice.tokenizer;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-level BPE over raw bytes: a piece starts as one token per byte and adjacent pairs merge in
 * rank order (lowest rank first, leftmost among equals), as Hugging Face's {@code Word::merge_all}
 * does, through a linked list and a heap so long pieces stay O(n log n). Results of short pieces
 * are cached, so repeated words cost one map lookup.
 */
final class Bpe {
    /** Pieces longer than this (in chars) are not cached, as in Hugging Face. */
    private static final int CACHE_MAX_PIECE = 256;
    private static final int CACHE_CAPACITY = 1 << 17;

    private final int[] byteIds;
    private final MergeTable merges;
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

    Bpe(int[] byteIds, MergeTable merges) {
        this.byteIds = byteIds;
        this.merges = merges;
    }

    /** Per-thread scratch for the merge loop, grown to the longest piece seen. */
    static final class Work {
        byte[] bytes = new byte[64];
        int[] ids = new int[64];
        int[] prev = new int[64];
        int[] next = new int[64];
        long[] heap = new long[128];

        void ensure(int n) {
            if (ids.length < n) {
                int c = Math.max(n, ids.length * 2);
                ids = new int[c];
                prev = new int[c];
                next = new int[c];
                heap = new long[2 * c];
            }
        }

        void ensureBytes(int n) {
            if (bytes.length < n) {
                bytes = new byte[Math.max(n, bytes.length * 2)];
            }
        }
    }

    /** Appends the ids of text[start, end) (already normalised and pre-tokenised) to {@code out}. */
    void encodePiece(String text, int start, int end, IntList out, Work w) {
        boolean cacheable = end - start <= CACHE_MAX_PIECE;
        String key = null;
        if (cacheable) {
            key = text.substring(start, end);
            int[] hit = cache.get(key);
            if (hit != null) {
                out.addAll(hit);
                return;
            }
        }
        int n = Utf8.encode(text, start, end, w);
        int[] ids = merge(w, n);
        if (cacheable && cache.size() < CACHE_CAPACITY) {
            cache.put(key, ids);
        }
        out.addAll(ids);
    }

    private int[] merge(Work w, int n) {
        w.ensure(n);
        int[] ids = w.ids;
        int[] prev = w.prev;
        int[] next = w.next;
        long[] heap = w.heap;
        for (int i = 0; i < n; i++) {
            ids[i] = byteIds[w.bytes[i] & 0xFF];
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        int size = 0;
        for (int i = 0; i + 1 < n; i++) {
            int s = merges.find(ids[i], ids[i + 1]);
            if (s >= 0) {
                size = push(heap, size, merges.rankAt(s), i);
            }
        }
        int alive = n;
        while (size > 0) {
            long top = heap[0];
            size = pop(heap, size);
            int rank = (int) (top >>> 32);
            int pos = (int) top;
            int right = next[pos];
            if (ids[pos] < 0 || right < 0) {
                continue;
            }
            int s = merges.find(ids[pos], ids[right]);
            if (s < 0 || merges.rankAt(s) != rank) {
                continue; // stale: one side merged since this pair was queued
            }
            ids[pos] = merges.mergedAt(s);
            ids[right] = -1;
            int after = next[right];
            next[pos] = after;
            if (after >= 0) {
                prev[after] = pos;
            }
            alive--;
            int before = prev[pos];
            if (before >= 0) {
                int sl = merges.find(ids[before], ids[pos]);
                if (sl >= 0) {
                    size = push(heap, size, merges.rankAt(sl), before);
                }
            }
            if (after >= 0) {
                int sr = merges.find(ids[pos], ids[after]);
                if (sr >= 0) {
                    size = push(heap, size, merges.rankAt(sr), pos);
                }
            }
        }
        int[] result = new int[alive];
        int k = 0;
        for (int i = 0; i >= 0 && k < alive; i = next[i]) {
            result[k++] = ids[i];
        }
        return result;
    }

    /** Min-heap on (rank, position), packed so that one long comparison orders both. */
    private static int push(long[] heap, int size, int rank, int pos) {
        long v = ((long) rank << 32) | pos;
        int i = size;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= v) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = v;
        return size + 1;
    }

    private static int pop(long[] heap, int size) {
        int n = size - 1;
        long v = heap[n];
        int i = 0;
        while (true) {
            int c = 2 * i + 1;
            if (c >= n) {
                break;
            }
            if (c + 1 < n && heap[c + 1] < heap[c]) {
                c++;
            }
            if (heap[c] >= v) {
                break;
            }
            heap[i] = heap[c];
            i = c;
        }
        heap[i] = v;
        return n;
    }
}
