package org.vibevoice.acoustic;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.vibevoice.tensor.WindowRunner;

/** GEMM epilogue of a block's FFN: residual[r][c] += scale[c] · y[r][c] (layer scale, then skip connection). */
final class ScaledResidual implements WindowRunner.Epilogue {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private float[] residual;
    private int[] residualOff;
    private float[] scale;

    ScaledResidual target(float[] residual, int[] residualOff, float[] scale) {
        this.residual = residual;
        this.residualOff = residualOff;
        this.scale = scale;
        return this;
    }

    @Override
    public void apply(float[] y, int[] yOff, int r0, int r1, int c0, int c1) {
        int bound = c0 + F.loopBound(c1 - c0);
        for (int r = r0; r < r1; r++) {
            int ro = residualOff[r];
            int yo = yOff[r];
            int c = c0;
            for (; c < bound; c += F.length()) {
                FloatVector.fromArray(F, scale, c).fma(FloatVector.fromArray(F, y, yo + c), FloatVector.fromArray(F, residual, ro + c))
                        .intoArray(residual, ro + c);
            }
            for (; c < c1; c++) {
                residual[ro + c] = Math.fma(scale[c], y[yo + c], residual[ro + c]);
            }
        }
    }
}
