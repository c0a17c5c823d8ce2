package org.vibevoice.acoustic;

import org.vibevoice.tensor.WindowRunner;

/**
 * Scratch of one stream state, sized once for its largest layer so that a frame allocates nothing:
 * the parallel runner and its window/row offsets, and the FFN input, hidden and output rows.
 */
final class Workspace {
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
     * @param rows most windows any layer handles in one call (all samples)
     * @param rowFloats most floats of FFN input/output rows (rows × channels)
     * @param hiddenFloats most floats of FFN hidden rows (rows × hidden width)
     */
    Workspace(int rows, int rowFloats, int hiddenFloats) {
        inOff = new int[rows];
        outOff = new int[rows];
        resOff = new int[rows];
        hiddenOff = new int[rows];
        ffnIn = new float[rowFloats];
        ffnOut = new float[rowFloats];
        hidden = new float[hiddenFloats];
    }
}
