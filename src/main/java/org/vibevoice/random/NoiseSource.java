package org.vibevoice.random;

/**
 * Where generation takes its standard normal noise from. The original model draws, per generate()
 * call, in this order: {@code randn(nv)} (voice-prompt std), {@code randn_like} of the permuted voice
 * latent view, then per diffusion call {@code randn(2B, 64)} (and, with the SDE solver, one more
 * {@code randn(2B, 64)} per solver step). Implementations: {@link TorchGenerator} (seeded, torch's
 * CPU stream) and {@link RecordedNoise} (given values, for tests and fixtures).
 */
public interface NoiseSource {
    /** {@code n} normals into {@code out[off..off+n)}: {@code torch.randn} of any contiguous shape of n elements. */
    void normal(float[] out, int off, int n);

    /**
     * {@code torch.randn_like} of a dense view of {@code shape} whose dims lie in memory in
     * {@code memoryOrder} (outermost first, a permutation of 0..rank-1). The result is written in
     * logical row-major order of {@code shape} into {@code out[off..off+numel)}.
     */
    void normalLike(float[] out, int off, int[] shape, int[] memoryOrder);

    static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension " + s);
            }
            n = Math.multiplyExact(n, s);
        }
        return n;
    }
}
