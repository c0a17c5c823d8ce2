package org.vibevoice.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise (groups = channels) 1-d convolution on time-major [T][C] activations, vectorised
 * along channels: out[t][c] = bias[c] + Σ_j w[c][j] · x[start(t) + j·dilation][c]. The window start
 * of each output is given by the caller, so stride and causal padding live in the offsets. The taps
 * are tiny (C·k), so they are kept as f32 values rounded to the weight precision, tap-major.
 */
public final class DepthwiseConv1d {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private final int channels;
    private final int kernel;
    private final int dilation;
    private final float[] taps;
    private final float[] bias;

    /** From a PyTorch weight [C][1][k] (any float dtype), rounded to {@code dtype}; bias [C] or null. */
    public DepthwiseConv1d(Tensor weight, float[] bias, int dilation, DType dtype) {
        if (weight.rank() != 3 || weight.dim(1) != 1) {
            throw new IllegalArgumentException(weight.name() + ": depthwise weight must be [C][1][k], not " + weight.shapeString());
        }
        this.channels = weight.dim(0);
        this.kernel = weight.dim(2);
        this.dilation = dilation;
        this.taps = new float[kernel * channels];
        for (int c = 0; c < channels; c++) {
            for (int j = 0; j < kernel; j++) {
                taps[j * channels + c] = Half.roundTo(dtype, weight.getFloat((long) c * kernel + j));
            }
        }
        this.bias = bias == null ? new float[channels] : bias.clone();
        if (this.bias.length != channels) {
            throw new IllegalArgumentException(weight.name() + ": bias has " + this.bias.length + " values for " + channels + " channels");
        }
    }

    public int channels() {
        return channels;
    }

    public int kernel() {
        return kernel;
    }

    public int dilation() {
        return dilation;
    }

    /**
     * For outputs r0 ≤ r &lt; r1 (window of output r starting at x[xOff[r]], rows of C floats):
     * out[outOff[r] + c] = conv when {@code scale} is null, else out += scale[c] · conv (a
     * layer-scaled residual update).
     */
    public void forward(float[] x, int[] xOff, float[] out, int[] outOff, float[] scale, int r0, int r1) {
        int step = dilation * channels;
        int bound = F.loopBound(channels);
        for (int r = r0; r < r1; r++) {
            int xo = xOff[r];
            int oo = outOff[r];
            int c = 0;
            for (; c < bound; c += F.length()) {
                FloatVector acc = FloatVector.fromArray(F, bias, c);
                for (int j = 0; j < kernel; j++) {
                    acc = FloatVector.fromArray(F, taps, j * channels + c).fma(FloatVector.fromArray(F, x, xo + j * step + c), acc);
                }
                if (scale == null) {
                    acc.intoArray(out, oo + c);
                } else {
                    FloatVector.fromArray(F, scale, c).fma(acc, FloatVector.fromArray(F, out, oo + c)).intoArray(out, oo + c);
                }
            }
            for (; c < channels; c++) {
                float acc = bias[c];
                for (int j = 0; j < kernel; j++) {
                    acc = Math.fma(taps[j * channels + c], x[xo + j * step + c], acc);
                }
                out[oo + c] = scale == null ? acc : Math.fma(scale[c], acc, out[oo + c]);
            }
        }
    }
}
