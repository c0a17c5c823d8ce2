package org.vibevoice.acoustic;

/** One layer's work per latent frame: multiply-accumulates and the bytes of weights it streams. */
public record LayerCost(String name, long macs, long weightBytes) {
    public double flops() {
        return 2.0 * macs;
    }
}
