package org.vibevoice.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A pure tone keeps its shape through resampling: SNR against the ideal tone, away from the edges. */
class ResamplerTest {
    @ParameterizedTest
    @CsvSource({"44100, 24000, 1000, 90", "16000, 24000, 1000, 90", "48000, 24000, 1000, 90", "22050, 24000, 3000, 90",
            "8000, 24000, 440, 90", "24000, 16000, 5000, 90", "22051, 24000, 1000, 85"})
    void toneSurvivesWithHighSnr(int from, int to, double hz, double minSnrDb) {
        int n = from; // one second
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / from + 0.3));
        }
        float[] y = Resampler.resample(x, from, to);
        assertThat(y).hasSize((int) Math.ceil((double) n * to / from));
        int edge = new Resampler(from, to).kernelLength() * to / from + 8;
        double sig = 0;
        double err = 0;
        for (int i = edge; i < y.length - edge; i++) {
            double ideal = 0.5 * Math.sin(2 * Math.PI * hz * i / to + 0.3);
            sig += ideal * ideal;
            err += (y[i] - ideal) * (y[i] - ideal);
        }
        double snr = 10 * Math.log10(sig / err);
        assertThat(snr).as("SNR dB %d -> %d", from, to).isGreaterThanOrEqualTo(minSnrDb);
    }

    @ParameterizedTest
    @CsvSource({"48000, 24000", "44100, 24000"})
    void contentAboveTheNewNyquistIsRemoved(int from, int to) {
        int n = from;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 15000.0 * i / from)); // aliases to 9 kHz if not filtered
        }
        float[] y = Resampler.resample(x, from, to);
        double e = 0;
        for (int i = 500; i < y.length - 500; i++) {
            e += y[i] * y[i];
        }
        double db = 10 * Math.log10(e / (y.length - 1000) / 0.125);
        assertThat(db).isLessThan(-90);
    }
}
