package org.vibevoice.random;

/**
 * torch's default CPU random generator, reproduced draw for draw (fixture README §7): MT19937 seeded
 * with the low 32 bits of the seed, 24-bit float and 53-bit double uniforms, and the two normal
 * samplers of {@code torch.randn} (double Box–Muller with a cached second value for small or
 * non-contiguous results; float32 blocks of 16 with the AVX2 kernel's ln/sin/cos otherwise). After
 * {@code new TorchGenerator(s)} every call returns what the same call returns after
 * {@code torch.manual_seed(s)}. Not thread-safe.
 */
public final class TorchGenerator implements NoiseSource {
    /** The batched path handles results of at least this many elements, in blocks of this size. */
    private static final int BLOCK = 16;
    private static final float TWO_PI_F = (float) (2.0 * Math.PI);
    private static final double TWO_PI = 2.0 * Math.PI;
    private static final double U24 = 0x1.0p-24;
    private static final double U53 = 0x1.0p-53;

    private final Mt19937 mt = new Mt19937();
    private long seed;
    private boolean hasCachedNormal;
    private double cachedNormal;

    public TorchGenerator(long seed) {
        manualSeed(seed);
    }

    /** {@code torch.manual_seed(seed)}: only the low 32 bits seed the stream; the cached normal is dropped. */
    public void manualSeed(long seed) {
        this.seed = seed;
        mt.seed((int) seed);
        hasCachedNormal = false;
    }

    /** The seed as given (torch reports a negative seed s as the unsigned s + 2^64: same 64 bits). */
    public long initialSeed() {
        return seed;
    }

    /** The next raw 32-bit word of the stream (as an int holding the unsigned word's bits). */
    public int nextWord() {
        return mt.next();
    }

    private float uniform24() {
        return (float) ((mt.next() & 0xFFFFFF) * U24);
    }

    private double uniform53() {
        long a = mt.next() & 0xFFFFFFFFL;
        long b = mt.next() & 0xFFFFFFFFL;
        return (((a << 32) | b) & ((1L << 53) - 1)) * U53;
    }

    /** {@code torch.rand(shape)}: uniforms in [0, 1), row-major. */
    public float[] rand(int... shape) {
        float[] out = new float[NoiseSource.numel(shape)];
        uniform(out, 0, out.length);
        return out;
    }

    /** {@code n} float32 uniforms into {@code out[off..off+n)}. */
    public void uniform(float[] out, int off, int n) {
        for (int i = 0; i < n; i++) {
            out[off + i] = uniform24();
        }
    }

    /** {@code torch.randn(shape)}, row-major. */
    public float[] randn(int... shape) {
        float[] out = new float[NoiseSource.numel(shape)];
        normal(out, 0, out.length);
        return out;
    }

    /** {@code torch.randn_like} of a view with {@code shape} whose dims lie in memory in {@code memoryOrder}. */
    public float[] randnLike(int[] shape, int[] memoryOrder) {
        float[] out = new float[NoiseSource.numel(shape)];
        normalLike(out, 0, shape, memoryOrder);
        return out;
    }

    @Override
    public void normal(float[] out, int off, int n) {
        if (n >= BLOCK) {
            batchedNormal(out, off, n);
        } else {
            for (int i = 0; i < n; i++) {
                out[off + i] = (float) scalarNormal();
            }
        }
    }

    @Override
    public void normalLike(float[] out, int off, int[] shape, int[] memoryOrder) {
        checkPermutation(shape, memoryOrder);
        int n = NoiseSource.numel(shape);
        if (isContiguous(shape, memoryOrder)) {
            normal(out, off, n);
        } else {
            scalarNormalInMemoryOrder(out, off, shape, memoryOrder);
        }
    }

    /** Whether torch fills such a result with the batched (true) or the scalar (false) sampler. */
    public static boolean usesBatchedPath(int[] shape, int[] memoryOrder) {
        return NoiseSource.numel(shape) >= BLOCK && (memoryOrder == null || isContiguous(shape, memoryOrder));
    }

    /** Row-major layout up to size-1 dims, which take no part in torch's contiguity test. */
    private static boolean isContiguous(int[] shape, int[] memoryOrder) {
        int last = -1;
        for (int d : memoryOrder) {
            if (shape[d] == 1) {
                continue;
            }
            if (d < last) {
                return false;
            }
            last = d;
        }
        return true;
    }

    private static void checkPermutation(int[] shape, int[] memoryOrder) {
        boolean[] seen = new boolean[shape.length];
        if (memoryOrder.length != shape.length) {
            throw new IllegalArgumentException("memory order has " + memoryOrder.length + " dims, shape " + shape.length);
        }
        for (int d : memoryOrder) {
            if (d < 0 || d >= shape.length || seen[d]) {
                throw new IllegalArgumentException("memory order is not a permutation of the dims");
            }
            seen[d] = true;
        }
    }

    /** Scalar path over a non-contiguous result: values are produced in memory order. */
    private void scalarNormalInMemoryOrder(float[] out, int off, int[] shape, int[] memoryOrder) {
        int rank = shape.length;
        int n = NoiseSource.numel(shape);
        int[] stride = new int[rank];
        int s = 1;
        for (int d = rank - 1; d >= 0; d--) {
            stride[d] = s;
            s *= shape[d];
        }
        int[] idx = new int[rank];
        int logical = 0;
        for (int i = 0; i < n; i++) {
            out[off + logical] = (float) scalarNormal();
            // advance the odometer over the dims in memory order, innermost first
            for (int k = rank - 1; k >= 0; k--) {
                int d = memoryOrder[k];
                if (++idx[d] < shape[d]) {
                    logical += stride[d];
                    break;
                }
                logical -= (shape[d] - 1) * stride[d];
                idx[d] = 0;
            }
        }
    }

    /** Double-precision Box–Muller; the sine half is cached for the next scalar-path element. */
    private double scalarNormal() {
        if (hasCachedNormal) {
            hasCachedNormal = false;
            return cachedNormal;
        }
        double u1 = uniform53();
        double u2 = uniform53();
        double r = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - u2));
        double theta = TWO_PI * u1;
        cachedNormal = r * StrictMath.sin(theta);
        hasCachedNormal = true;
        return r * StrictMath.cos(theta);
    }

    /**
     * n uniforms, Box–Muller over each complete block of 16 (first half radius/cos, second half
     * angle/sin); a ragged tail re-draws 16 fresh uniforms over the last 16 positions.
     */
    private void batchedNormal(float[] out, int off, int n) {
        uniform(out, off, n);
        for (int o = 0; o + BLOCK <= n; o += BLOCK) {
            boxMuller16(out, off + o);
        }
        if (n % BLOCK != 0) {
            int tail = off + n - BLOCK;
            uniform(out, tail, BLOCK);
            boxMuller16(out, tail);
        }
    }

    private static void boxMuller16(float[] d, int o) {
        for (int j = 0; j < BLOCK / 2; j++) {
            float radius = (float) Math.sqrt(-2f * CephesFloat.ln(1f - d[o + j]));
            float theta = TWO_PI_F * d[o + j + BLOCK / 2];
            d[o + j] = radius * CephesFloat.cos(theta);
            d[o + j + BLOCK / 2] = radius * CephesFloat.sin(theta);
        }
    }
}
