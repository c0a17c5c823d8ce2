package org.vibevoice.acoustic;

import java.util.Arrays;

/**
 * Time-major activations of several samples, [batch][history + capacity][channels]: the rows of the
 * current chunk (indices 0 … capacity−1) preceded by the last {@code history} rows of the previous
 * chunks, which is exactly the left context the next causal layer reads. Zero history is a fresh
 * stream.
 */
final class StreamBuffer {
    final int batch;
    final int channels;
    final int history;
    final int capacity;
    final float[] data;
    private final int sampleStride;

    StreamBuffer(int batch, int channels, int history, int capacity) {
        this.batch = batch;
        this.channels = channels;
        this.history = history;
        this.capacity = capacity;
        this.sampleStride = Math.multiplyExact(history + capacity, channels);
        this.data = new float[Math.multiplyExact(batch, sampleStride)];
    }

    /** Index of row t of sample b (t may be negative, down to −history). */
    int offset(int b, int t) {
        return b * sampleStride + (history + t) * channels;
    }

    /**
     * After a chunk of t rows of the samples {@code slots[0..n)}: keeps their last {@code history}
     * rows of (history + chunk) in front.
     */
    void keepHistory(int t, int[] slots, int n) {
        if (history == 0 || t == 0) {
            return;
        }
        for (int j = 0; j < n; j++) {
            int b = slots[j];
            System.arraycopy(data, offset(b, t - history), data, offset(b, -history), history * channels);
        }
    }

    /** Zeroes rows [t0, t1) of the samples {@code slots[0..n)} (right padding of a final, partial chunk). */
    void zeroRows(int t0, int t1, int[] slots, int n) {
        for (int j = 0; j < n; j++) {
            Arrays.fill(data, offset(slots[j], t0), offset(slots[j], t1), 0f);
        }
    }

    /** Forgets sample b's past: its history becomes zeros, as for a new stream. */
    void clearHistory(int b) {
        Arrays.fill(data, offset(b, -history), offset(b, 0), 0f);
    }

    /** Copies sample b's rows [0, t) to out[outOff ..]. */
    void copyOut(int b, int t, float[] out, int outOff) {
        System.arraycopy(data, offset(b, 0), out, outOff, t * channels);
    }

    /** Copies t rows of sample b from in[inOff ..] into rows [0, t). */
    void copyIn(int b, float[] in, int inOff, int t) {
        System.arraycopy(in, inOff, data, offset(b, 0), t * channels);
    }
}
