package org.vibevoice.acoustic;

import org.vibevoice.tensor.WindowRunner;

/**
 * Scratch of one stream state, sized once for its largest layer so that a frame allocates nothing:
 * the samples the call in flight advances, the parallel runner and its window/row offsets, and the
 * FFN input, hidden and output rows. Rows of the call are compact: sample {@code slots[j]}'s step i
 * is row j·t + i.
 */
final class Workspace {
    /** The samples (stream slots) of the call in flight, {@code active} of them. */
    final int[] slots;
    int active;
    final WindowRunner runner = new WindowRunner();
    final RowNorm norm = new RowNorm();
    final ScaledResidual residual = new ScaledResidual();
    final int[] inOff;
    final int[] outOff;
    final int[] resOff;
    final int[] hiddenOff;
    final float[] ffnIn;
    final float[] ffnOut;
    final float[] hidden;

    /**
     * @param batch samples of the stream
     * @param rows most windows any layer handles in one call (all samples)
     * @param rowFloats most floats of FFN input/output rows (rows × channels)
     * @param hiddenFloats most floats of FFN hidden rows (rows × hidden width)
     */
    Workspace(int batch, int rows, int rowFloats, int hiddenFloats) {
        slots = new int[batch];
        inOff = new int[rows];
        outOff = new int[rows];
        resOff = new int[rows];
        hiddenOff = new int[rows];
        ffnIn = new float[rowFloats];
        ffnOut = new float[rowFloats];
        hidden = new float[hiddenFloats];
    }
}
