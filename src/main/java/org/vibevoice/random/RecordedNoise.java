package org.vibevoice.random;

import org.vibevoice.VibeVoiceException;

/**
 * Noise given in advance: the draws are served in order from the concatenation of the arrays passed
 * in, each draw taking as many values as it has elements. Values of {@code normalLike} draws are taken
 * as recorded in logical order (how the fixtures store them).
 */
public final class RecordedNoise implements NoiseSource {
    private final float[] values;
    private int position;

    public RecordedNoise(float[]... draws) {
        int total = 0;
        for (float[] d : draws) {
            total = Math.addExact(total, d.length);
        }
        values = new float[total];
        int at = 0;
        for (float[] d : draws) {
            System.arraycopy(d, 0, values, at, d.length);
            at += d.length;
        }
    }

    /** Values not yet consumed. */
    public int remaining() {
        return values.length - position;
    }

    @Override
    public void normal(float[] out, int off, int n) {
        if (n > remaining()) {
            throw new VibeVoiceException("recorded noise exhausted: a draw of " + n + " values, only "
                    + remaining() + " left of " + values.length);
        }
        System.arraycopy(values, position, out, off, n);
        position += n;
    }

    @Override
    public void normalLike(float[] out, int off, int[] shape, int[] memoryOrder) {
        normal(out, off, NoiseSource.numel(shape));
    }
}
