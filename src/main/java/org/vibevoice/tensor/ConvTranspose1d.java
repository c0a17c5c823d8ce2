package org.vibevoice.tensor;

import java.lang.foreign.Arena;

/**
 * A causal transposed 1-d convolution (stride r, groups 1, all padding trimmed on the right) on
 * time-major activations: input step t yields output steps t·r … t·r + r − 1, and
 * y[t·r + j] = bias + Σ_{i} W[:, :, j + i·r]ᵀ · x[t − i] over the n = ceil(k/r) most recent inputs.
 *
 * <p>That is one {@link PackedLinear} per input step: the window is the n input rows t−n+1 … t
 * (contiguous in [T][C]) and the r·Cout outputs (phase-major) are exactly the r output rows, also
 * contiguous. No multiply by an inserted zero is ever done.
 */
public final class ConvTranspose1d {
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int taps;
    private final PackedLinear linear;

    private ConvTranspose1d(int inChannels, int outChannels, int kernel, int stride, PackedLinear linear) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.taps = (kernel + stride - 1) / stride;
        this.linear = linear;
    }

    /** From a PyTorch weight [Cin][Cout][k] in any float dtype, stored in {@code dtype}; bias [Cout] or null. */
    public static ConvTranspose1d of(Tensor weight, float[] bias, int stride, DType dtype, Arena arena) {
        if (weight.rank() != 3 || stride < 1) {
            throw new IllegalArgumentException(weight.name() + ": transposed conv weight must be [Cin][Cout][k], not "
                    + weight.shapeString() + " (stride " + stride + ")");
        }
        int cin = weight.dim(0);
        int cout = weight.dim(1);
        int k = weight.dim(2);
        int n = (k + stride - 1) / stride;
        float[] b = null;
        if (bias != null) {
            b = new float[stride * cout];
            for (int j = 0; j < stride; j++) {
                System.arraycopy(bias, 0, b, j * cout, cout);
            }
        }
        // output (phase j, channel co); window position i holds input t − (n − 1 − i), oldest first.
        // Elements are read from the tensor where they lie, never as a float[] copy of the whole weight.
        PackedLinear lin = PackedLinear.pack(stride * cout, n * cin, dtype, (o, row) -> {
            int j = o / cout;
            int co = o % cout;
            for (int i = 0; i < n; i++) {
                int tap = j + (n - 1 - i) * stride;
                for (int ci = 0; ci < cin; ci++) {
                    row[i * cin + ci] = tap < k ? weight.getFloat(((long) ci * cout + co) * k + tap) : 0f;
                }
            }
        }, b, arena);
        return new ConvTranspose1d(cin, cout, k, stride, lin);
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    /** Past input steps one output step needs: ceil(k/r) − 1. */
    public int context() {
        return taps - 1;
    }

    public long weightBytes() {
        return linear.byteSize();
    }

    /** Multiply-accumulates per input step, counting only real taps. */
    public long macsPerStep() {
        return (long) inChannels * outChannels * kernel;
    }

    /**
     * Input step r (0 ≤ r &lt; rows): window of the context()+1 most recent input rows starting at
     * x[xOff[r]]; its stride output rows are written to y[yOff[r] .. + stride·Cout).
     */
    public void forward(WindowRunner runner, float[] x, int[] xOff, int rows, float[] y, int[] yOff) {
        runner.multiply(linear, x, xOff, rows, y, yOff, null);
    }
}
