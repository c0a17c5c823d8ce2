package org.vibevoice.tensor;

import java.lang.foreign.Arena;

/**
 * A 1-d convolution (any stride, dilation and group count) on time-major [T][C] activations. The
 * caller gives, per output step, where its receptive window starts (input row t·stride of a
 * buffer that holds the causal left context in front), so streaming and padding stay outside.
 *
 * <p>Three forms, chosen at load: depthwise (groups = in = out channels) runs
 * {@link DepthwiseConv1d}; dense undilated (groups = 1, dilation = 1) is one {@link PackedLinear}
 * over the window, which is contiguous (k rows × Cin) in this layout, with the weight re-laid out
 * to [Cout][tap][Cin]; every other form gathers each group's window into scratch first.
 */
public final class Conv1d {
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int dilation;
    private final int groups;
    private final DepthwiseConv1d depthwise;
    private final PackedLinear[] perGroup;

    private Conv1d(int inChannels, int outChannels, int kernel, int stride, int dilation, int groups,
            DepthwiseConv1d depthwise, PackedLinear[] perGroup) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.dilation = dilation;
        this.groups = groups;
        this.depthwise = depthwise;
        this.perGroup = perGroup;
    }

    /**
     * From a PyTorch weight [Cout][Cin/groups][k] in any float dtype, stored in {@code dtype}; bias
     * [Cout] or null.
     */
    public static Conv1d of(Tensor weight, float[] bias, int stride, int dilation, int groups, DType dtype, Arena arena) {
        if (weight.rank() != 3) {
            throw new IllegalArgumentException(weight.name() + ": conv weight must be [Cout][Cin/groups][k], not " + weight.shapeString());
        }
        int cout = weight.dim(0);
        int cinG = weight.dim(1);
        int k = weight.dim(2);
        int cin = cinG * groups;
        if (cout % groups != 0 || stride < 1 || dilation < 1) {
            throw new IllegalArgumentException(weight.name() + ": bad conv geometry " + weight.shapeString()
                    + " stride " + stride + " dilation " + dilation + " groups " + groups);
        }
        if (groups == cin && cout == cin && cinG == 1) {
            return new Conv1d(cin, cout, k, stride, dilation, groups, new DepthwiseConv1d(weight, bias, dilation, dtype), null);
        }
        int coutG = cout / groups;
        PackedLinear[] lin = new PackedLinear[groups];
        // rows are read from the tensor one at a time: a float[] copy of a whole weight (up to
        // 117 MB at full size) grew the heap that the JVM then kept resident
        float[] taps = new float[cinG * k];
        for (int g = 0; g < groups; g++) {
            int base = g * coutG;
            float[] b = null;
            if (bias != null) {
                b = new float[coutG];
                System.arraycopy(bias, base, b, 0, coutG);
            }
            // window order is tap-major: q = j·(Cin/groups) + ci
            lin[g] = PackedLinear.pack(coutG, k * cinG, dtype, (o, row) -> {
                Convert.read(weight.dtype(), weight.data(), (long) (base + o) * cinG * k, taps, 0, cinG * k);
                for (int ci = 0; ci < cinG; ci++) {
                    for (int j = 0; j < k; j++) {
                        row[j * cinG + ci] = taps[ci * k + j];
                    }
                }
            }, b, arena);
        }
        return new Conv1d(cin, cout, k, stride, dilation, groups, null, lin);
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

    /** Input steps one output sees: (k − 1)·dilation + 1. */
    public int span() {
        return (kernel - 1) * dilation + 1;
    }

    /** Left context a causal layer keeps: span − stride (the original's padding_total). */
    public int context() {
        return span() - stride;
    }

    /** Bytes of packed weights (0 for the tiny depthwise taps). */
    public long weightBytes() {
        long n = 0;
        if (perGroup != null) {
            for (PackedLinear l : perGroup) {
                n += l.byteSize();
            }
        }
        return n;
    }

    /** Multiply-accumulates per output step. */
    public long macsPerStep() {
        return (long) outChannels * (inChannels / groups) * kernel;
    }

    /**
     * Output r (0 ≤ r &lt; rows) reads the window starting at x[xOff[r]] (rows of Cin floats, in
     * time order) and is written to y[yOff[r] .. + Cout).
     */
    public void forward(WindowRunner runner, float[] x, int[] xOff, int rows, float[] y, int[] yOff) {
        if (depthwise != null) {
            runner.depthwise(depthwise, x, xOff, rows, y, yOff, null);
        } else if (groups == 1 && dilation == 1) {
            runner.multiply(perGroup[0], x, xOff, rows, y, yOff, null);
        } else {
            gathered(runner, x, xOff, rows, y, yOff);
        }
    }

    /** The general form: each group's (dilated) window copied to contiguous scratch, then packed. */
    private void gathered(WindowRunner runner, float[] x, int[] xOff, int rows, float[] y, int[] yOff) {
        int cinG = inChannels / groups;
        int coutG = outChannels / groups;
        int width = kernel * cinG;
        float[] cols = new float[rows * width];
        int[] colOff = new int[rows];
        int[] outOff = new int[rows];
        for (int g = 0; g < groups; g++) {
            for (int r = 0; r < rows; r++) {
                colOff[r] = r * width;
                outOff[r] = yOff[r] + g * coutG;
                for (int j = 0; j < kernel; j++) {
                    System.arraycopy(x, xOff[r] + j * dilation * inChannels + g * cinG, cols, r * width + j * cinG, cinG);
                }
            }
            runner.multiply(perGroup[g], cols, colOff, rows, y, outOff, null);
        }
    }
}
