package org.vibevoice.tensor;

import java.util.List;

/** Joining float arrays (outputs collected frame by frame, batches of rows) into one. */
public final class FloatArrays {
    private FloatArrays() {
    }

    /** The parts one after the other. */
    public static float[] concat(List<float[]> parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** [a][b][c] row-major. */
    public static float[] flatten(float[][][] x) {
        int n = 0;
        for (float[][] a : x) {
            for (float[] b : a) {
                n += b.length;
            }
        }
        float[] out = new float[n];
        int i = 0;
        for (float[][] a : x) {
            for (float[] b : a) {
                System.arraycopy(b, 0, out, i, b.length);
                i += b.length;
            }
        }
        return out;
    }
}
