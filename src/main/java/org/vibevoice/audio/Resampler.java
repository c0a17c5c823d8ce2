package org.vibevoice.audio;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Band-limited sample-rate conversion by a Kaiser-windowed sinc (β ≈ 10, ~100 dB stopband) with a
 * linear-phase, zero-delay kernel: passband to 90% of the lower Nyquist frequency, stopband from
 * it. For a rational ratio L/M (44.1 kHz → 24 kHz is 80/147, 16 kHz → 24 kHz is 3/2) every output
 * uses one of L precomputed polyphase filters; ratios needing more than {@link #MAX_PHASES} phases
 * interpolate linearly between adjacent phases of a finer table. The output has
 * ceil(n · to / from) samples, like librosa's resample; outside the input counts as silence.
 */
public final class Resampler {
    static final int MAX_PHASES = 4096;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final double STOPBAND_DB = 100;
    private static final double PASSBAND = 0.90;

    private final int up;
    private final int down;
    private final int half;
    private final int taps;
    private final int phases;
    private final boolean exact;
    private final float[] table;

    public Resampler(int from, int to) {
        if (from <= 0 || to <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + from + " -> " + to);
        }
        int g = gcd(from, to);
        this.up = to / g;
        this.down = from / g;
        double stop = 0.5 * Math.min(1.0, (double) up / down); // lower Nyquist, cycles per input sample
        double transition = (1 - PASSBAND) * stop;
        double cutoff = stop - transition / 2;
        double beta = 0.1102 * (STOPBAND_DB - 8.7);
        int length = (int) Math.ceil((STOPBAND_DB - 7.95) / (2.285 * 2 * Math.PI * transition)) + 1;
        this.half = (length + 1) / 2;
        this.taps = roundUp(2 * half, F.length());
        this.exact = up <= MAX_PHASES;
        this.phases = exact ? up : MAX_PHASES + 1;
        this.table = new float[phases * taps];
        double i0Beta = besselI0(beta);
        for (int p = 0; p < phases; p++) {
            double frac = exact ? (double) p / up : (double) p / MAX_PHASES;
            for (int j = 0; j < 2 * half; j++) {
                double d = frac + half - 1 - j;
                double r = d / half;
                double w = Math.abs(r) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta;
                double x = 2 * cutoff * d;
                double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
                table[p * taps + j] = (float) (2 * cutoff * sinc * w);
            }
        }
    }

    /** Resamples {@code x} from {@code from} Hz to {@code to} Hz. */
    public static float[] resample(float[] x, int from, int to) {
        return from == to ? x.clone() : new Resampler(from, to).apply(x);
    }

    /** Input samples each output reads (the kernel length). */
    public int kernelLength() {
        return 2 * half;
    }

    public float[] apply(float[] x) {
        long outLen = ((long) x.length * up + down - 1) / down;
        if (outLen > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("resampled signal too long: " + outLen);
        }
        // zeros around the input so that every window is in range
        float[] padded = new float[x.length + 2 * half + taps];
        System.arraycopy(x, 0, padded, half, x.length);
        float[] y = new float[(int) outLen];
        for (int n = 0; n < y.length; n++) {
            long pos = (long) n * down;
            int i0 = (int) (pos / up);
            int rem = (int) (pos % up);
            int start = i0 + 1; // padded index of input i0 − half + 1
            if (exact) {
                y[n] = dot(padded, start, rem * taps);
            } else {
                double f = (double) rem / up * MAX_PHASES;
                int q = (int) f;
                float a = (float) (f - q);
                float lo = dot(padded, start, q * taps);
                float hi = dot(padded, start, (q + 1) * taps);
                y[n] = lo + a * (hi - lo);
            }
        }
        return y;
    }

    private float dot(float[] x, int xo, int to) {
        FloatVector acc = FloatVector.zero(F);
        for (int j = 0; j < taps; j += F.length()) {
            acc = FloatVector.fromArray(F, table, to + j).fma(FloatVector.fromArray(F, x, xo + j), acc);
        }
        // a fixed lane order: the same input resamples to the same bits whether or not C2 compiled this
        float[] lanes = acc.toArray();
        float s = 0;
        for (float v : lanes) {
            s += v;
        }
        return s;
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200 && term > 1e-17 * sum; k++) {
            term *= q / ((double) k * k);
            sum += term;
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static int roundUp(int n, int m) {
        return (n + m - 1) / m * m;
    }
}
