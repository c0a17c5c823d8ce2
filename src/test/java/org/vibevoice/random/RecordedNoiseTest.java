package org.vibevoice.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vibevoice.VibeVoiceException;

class RecordedNoiseTest {
    @Test
    void servesTheDrawsInOrderAcrossArrays() {
        RecordedNoise n = new RecordedNoise(new float[] {1, 2}, new float[] {3, 4, 5, 6, 7});
        float[] out = new float[6];
        n.normal(out, 1, 3);
        n.normalLike(out, 4, new int[] {1, 2}, new int[] {1, 0});
        assertThat(out).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(n.remaining()).isEqualTo(2);
    }

    @Test
    void runningOutIsAClearError() {
        RecordedNoise n = new RecordedNoise(new float[3]);
        assertThatThrownBy(() -> n.normal(new float[4], 0, 4)).isInstanceOf(VibeVoiceException.class)
                .hasMessageContaining("exhausted").hasMessageContaining("4 values").hasMessageContaining("3 left");
    }
}
