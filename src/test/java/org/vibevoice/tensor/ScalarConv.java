package org.vibevoice.tensor;

/**
 * Plain scalar twins of the convolution kernels, in PyTorch's channel-major [C][L] layout with
 * PyTorch's definitions, for checking the vectorised time-major kernels.
 */
final class ScalarConv {
    private ScalarConv() {
    }

    /** torch.nn.functional.conv1d(pad(x, (padLeft, padRight)), w, b, stride, 0, dilation, groups). */
    static float[][] conv1d(float[][] x, float[][][] w, float[] b, int stride, int dilation, int groups,
            int padLeft, int padRight) {
        int cin = x.length;
        int len = x[0].length + padLeft + padRight;
        int cout = w.length;
        int cinG = cin / groups;
        int coutG = cout / groups;
        int k = w[0][0].length;
        int outLen = (len - (k - 1) * dilation - 1) / stride + 1;
        float[][] y = new float[cout][outLen];
        for (int o = 0; o < cout; o++) {
            int g = o / coutG;
            for (int t = 0; t < outLen; t++) {
                double acc = b == null ? 0 : b[o];
                for (int ci = 0; ci < cinG; ci++) {
                    for (int j = 0; j < k; j++) {
                        int pos = t * stride + j * dilation - padLeft;
                        if (pos >= 0 && pos < x[0].length) {
                            acc += (double) w[o][ci][j] * x[g * cinG + ci][pos];
                        }
                    }
                }
                y[o][t] = (float) acc;
            }
        }
        return y;
    }

    /** torch.nn.functional.conv_transpose1d(x, w [Cin][Cout][k], b, stride): length (L−1)·stride + k. */
    static float[][] convTranspose1d(float[][] x, float[][][] w, float[] b, int stride) {
        int cin = x.length;
        int len = x[0].length;
        int cout = w[0].length;
        int k = w[0][0].length;
        int outLen = (len - 1) * stride + k;
        double[][] acc = new double[cout][outLen];
        for (int ci = 0; ci < cin; ci++) {
            for (int t = 0; t < len; t++) {
                for (int o = 0; o < cout; o++) {
                    for (int j = 0; j < k; j++) {
                        acc[o][t * stride + j] += (double) x[ci][t] * w[ci][o][j];
                    }
                }
            }
        }
        float[][] y = new float[cout][outLen];
        for (int o = 0; o < cout; o++) {
            for (int t = 0; t < outLen; t++) {
                y[o][t] = (float) (acc[o][t] + (b == null ? 0 : b[o]));
            }
        }
        return y;
    }

    /** y[r][j] = b[j] + Σ_q W[j][q] · x[r][q]. */
    static float[][] linear(float[][] x, float[][] w, float[] b) {
        float[][] y = new float[x.length][w.length];
        for (int r = 0; r < x.length; r++) {
            for (int j = 0; j < w.length; j++) {
                double acc = b == null ? 0 : b[j];
                for (int q = 0; q < w[j].length; q++) {
                    acc += (double) w[j][q] * x[r][q];
                }
                y[r][j] = (float) acc;
            }
        }
        return y;
    }
}
