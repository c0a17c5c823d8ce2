package org.vibevoice.diffusion;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;

/** Element-wise closeness: |got − want| ≤ rel · max(1, |want|). */
final class Close {
    private Close() {
    }

    static void assertClose(float[] got, float[] want, double rel, String what) {
        assertThat(got).hasSameSizeAs(want);
        for (int k = 0; k < want.length; k++) {
            assertThat((double) got[k]).as("%s [%d]", what, k)
                    .isCloseTo(want[k], Offset.offset(rel * Math.max(1, Math.abs(want[k]))));
        }
    }
}
