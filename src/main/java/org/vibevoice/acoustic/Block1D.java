package org.vibevoice.acoustic;

import java.util.Arrays;
import org.vibevoice.tensor.DepthwiseConv1d;
import org.vibevoice.tensor.Gelu;
import org.vibevoice.tensor.PackedLinear;
import org.vibevoice.tensor.WindowRunner;

/**
 * The tokenizers' ConvNeXt-style block (spec §7.1): x += gamma · DWConv(RMSNorm(x)), then
 * x += ffn_gamma · linear2(GELU(linear1(RMSNorm(x)))), norms over channels in f32, the depthwise
 * conv causal with its own streaming context.
 */
final class Block1D {
    /** GELU applied to each finished chunk of the hidden rows. */
    private static final WindowRunner.Epilogue GELU = (y, yOff, r0, r1, c0, c1) -> {
        for (int r = r0; r < r1; r++) {
            Gelu.inPlace(y, yOff[r] + c0, c1 - c0);
        }
    };

    final int channels;
    final int hiddenWidth;
    private final float eps;
    private final float[] normWeight;
    private final DepthwiseConv1d mixer;
    private final float[] gamma;
    private final float[] ffnNormWeight;
    private final PackedLinear linear1;
    private final PackedLinear linear2;
    private final float[] ffnGamma;

    Block1D(LayerLoader l, String prefix, int channels, float eps) {
        this.channels = channels;
        this.eps = eps;
        this.normWeight = l.optionalFloats(prefix + ".norm.weight");
        this.mixer = l.depthwise(prefix + ".mixer.conv.conv.conv");
        this.gamma = scaleOrOnes(l, prefix + ".gamma", channels);
        this.ffnNormWeight = l.optionalFloats(prefix + ".ffn_norm.weight");
        this.linear1 = l.linear(prefix + ".ffn.linear1");
        this.linear2 = l.linear(prefix + ".ffn.linear2");
        this.ffnGamma = scaleOrOnes(l, prefix + ".ffn_gamma", channels);
        this.hiddenWidth = linear1.outputs();
        if (mixer.channels() != channels || linear1.inputs() != channels
                || linear2.inputs() != hiddenWidth || linear2.outputs() != channels) {
            throw l.mismatch(prefix + ": block shapes do not fit " + channels + " channels");
        }
    }

    private static float[] scaleOrOnes(LayerLoader l, String name, int channels) {
        float[] s = l.optionalFloats(name);
        if (s == null) {
            s = new float[channels];
            Arrays.fill(s, 1f);
        }
        return s;
    }

    /** Steps of its own past the depthwise mixer keeps per sample. */
    int mixerContext() {
        return (mixer.kernel() - 1) * mixer.dilation();
    }

    /** Cost of {@code steps} time steps. */
    LayerCost cost(String name, long steps) {
        long macs = steps * ((long) channels * mixer.kernel() + (long) channels * hiddenWidth * 2);
        return new LayerCost(name, macs, linear1.byteSize() + linear2.byteSize());
    }

    /**
     * Updates rows [0, t) of the call's samples of x in place. {@code mix} is scratch with the mixer's
     * context in front; {@code history} holds this block's mixer context per sample between calls.
     */
    void forward(Workspace ws, StreamBuffer x, int t, StreamBuffer mix, float[] history) {
        int ctx = mix.history;
        int n = ws.active;
        int[] slots = ws.slots;
        int rows = n * t;
        int[] xOff = ws.inOff;
        int[] mixOff = ws.outOff;
        for (int j = 0; j < n; j++) {
            int b = slots[j];
            System.arraycopy(history, b * ctx * channels, mix.data, mix.offset(b, -ctx), ctx * channels);
            for (int i = 0; i < t; i++) {
                xOff[j * t + i] = x.offset(b, i);
                mixOff[j * t + i] = mix.offset(b, i);
            }
        }
        ws.norm.run(x.data, xOff, mix.data, mixOff, rows, channels, normWeight, eps);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < t; i++) {
                mixOff[j * t + i] = mix.offset(slots[j], i - ctx);
            }
        }
        ws.runner.depthwise(mixer, mix.data, mixOff, rows, x.data, xOff, gamma);
        for (int j = 0; j < n; j++) {
            int b = slots[j];
            System.arraycopy(mix.data, mix.offset(b, t - ctx), history, b * ctx * channels, ctx * channels);
        }

        int[] ffnOff = ws.outOff;
        int[] hiddenOff = ws.hiddenOff;
        for (int r = 0; r < rows; r++) {
            ffnOff[r] = r * channels;
            hiddenOff[r] = r * hiddenWidth;
        }
        ws.norm.run(x.data, xOff, ws.ffnIn, ffnOff, rows, channels, ffnNormWeight, eps);
        ws.runner.multiply(linear1, ws.ffnIn, ffnOff, rows, ws.hidden, hiddenOff, GELU);
        ws.runner.multiply(linear2, ws.hidden, hiddenOff, rows, ws.ffnOut, ffnOff, ws.residual.target(x.data, xOff, ffnGamma));
    }

}
