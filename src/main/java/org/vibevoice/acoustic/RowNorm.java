package org.vibevoice.acoustic;

import org.vibevoice.tensor.Ops;
import org.vibevoice.tensor.Parallel;

/** ConvRMSNorm over the channels of many time steps (rows at given offsets), rows split across threads. */
final class RowNorm implements Parallel.Body {
    private static final int BLOCK = 64;

    private float[] src;
    private int[] srcOff;
    private float[] dst;
    private int[] dstOff;
    private float[] weight;
    private float eps;
    private int channels;
    private int rows;

    void run(float[] src, int[] srcOff, float[] dst, int[] dstOff, int rows, int channels, float[] weight, float eps) {
        this.src = src;
        this.srcOff = srcOff;
        this.dst = dst;
        this.dstOff = dstOff;
        this.rows = rows;
        this.channels = channels;
        this.weight = weight;
        this.eps = eps;
        try {
            Parallel.forEach((rows + BLOCK - 1) / BLOCK, this);
        } finally {
            this.src = null;
            this.dst = null;
        }
    }

    @Override
    public void run(int chunk) {
        int r1 = Math.min(rows, (chunk + 1) * BLOCK);
        for (int r = chunk * BLOCK; r < r1; r++) {
            Ops.rmsNorm(src, srcOff[r], weight, eps, dst, dstOff[r], channels);
        }
    }
}
