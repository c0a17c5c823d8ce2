package org.vibevoice.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loudness normalisation of voice prompts, and the streaming, atomic WAV writer. */
class LoudnessAndWriterTest {
    @TempDir
    Path dir;

    @Test
    void normalizesToMinus25DbfsRms() {
        float[] x = new float[24000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.01 * Math.sin(i * 0.05));
        }
        double rms = rms(x);
        Loudness.normalize(x);
        // the gain is target / (rms + 1e-6), so the result falls short of the target by that eps
        assertThat(rms(x)).isCloseTo(Math.pow(10, -25 / 20.0) * rms / (rms + 1e-6), org.assertj.core.data.Offset.offset(1e-8));
    }

    private static double rms(float[] x) {
        double ss = 0;
        for (float v : x) {
            ss += v * v;
        }
        return Math.sqrt(ss / x.length);
    }

    @Test
    void peaksAboveOneAreScaledBackByThePeak() {
        float[] x = new float[1000];
        x[10] = 1f; // one click in silence: rms gain would push it to ~1.78
        Loudness.normalize(x);
        assertThat(x[10]).isCloseTo(1f / (1f + 1e-6f), org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(x[0]).isZero();
    }

    @Test
    void pcm16ClampsAndScalesBy32767() throws IOException {
        Path out = dir.resolve("out.wav");
        try (WavWriter w = WavWriter.create(out, 24000, 1, WavWriter.Encoding.PCM16)) {
            w.write(new float[] {0f, 1f, -1f, 1.5f, -3f, 0.5f, 1.5f / 32767});
        }
        byte[] b = Files.readAllBytes(out);
        ByteBuffer d = ByteBuffer.wrap(b, 44, b.length - 44).order(ByteOrder.LITTLE_ENDIAN);
        short[] s = new short[7];
        for (int i = 0; i < 7; i++) {
            s[i] = d.getShort();
        }
        assertThat(s).containsExactly((short) 0, (short) 32767, (short) -32767, (short) 32767, (short) -32767, (short) 16384, (short) 2);
        AudioFileFormat f = javaSound(out);
        assertThat(f.getFormat().getSampleRate()).isEqualTo(24000f);
        assertThat(f.getFrameLength()).isEqualTo(7);
        assertThat(b.length).isEqualTo(44 + 14);
        assertThat(AudioFiles.read(out).samples()).containsExactly(0f, 32767 / 32768f, -32767 / 32768f, 32767 / 32768f,
                -32767 / 32768f, 16384 / 32768f, 2 / 32768f);
    }

    @Test
    void float32StreamsManyChunksAndReadsBackExactly() throws IOException {
        Path out = dir.resolve("long.wav");
        float[] chunk = new float[3200];
        try (WavWriter w = WavWriter.create(out, 24000, 1, WavWriter.Encoding.FLOAT32)) {
            for (int k = 0; k < 50; k++) {
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = (float) Math.sin(k * 3200 + i) * 1.25f;
                }
                w.write(chunk);
                assertThat(Files.exists(out)).isFalse();
            }
            assertThat(w.frames()).isEqualTo(50 * 3200);
        }
        float[] back = AudioFiles.read(out).samples();
        assertThat(back).hasSize(50 * 3200);
        assertThat(back[49 * 3200 + 7]).isEqualTo((float) Math.sin(49 * 3200 + 7) * 1.25f);
        assertThat(back[3]).isEqualTo((float) Math.sin(3) * 1.25f);
        assertThat(javaSound(out).getFrameLength()).isEqualTo(50 * 3200);
        assertThat(siblings()).containsExactly("long.wav");
    }

    @Test
    void abortLeavesNothingBehindAndKeepsAnOldFile() throws IOException {
        Path out = dir.resolve("keep.wav");
        Files.writeString(out, "old");
        WavWriter w = WavWriter.create(out, 24000, 1, WavWriter.Encoding.PCM16);
        w.write(new float[100]);
        w.abort();
        assertThat(Files.readString(out)).isEqualTo("old");
        assertThat(siblings()).containsExactly("keep.wav");
        assertThatThrownBy(() -> w.write(new float[1])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailedWriteOfAnUnwritablePlaceNamesTheFile() {
        Path out = dir.resolve("no-such-dir").resolve("x.wav");
        assertThatThrownBy(() -> WavWriter.create(out, 24000, 1, WavWriter.Encoding.PCM16))
                .isInstanceOf(org.vibevoice.VibeVoiceException.class).hasMessageStartingWith(out.toString());
    }

    private static AudioFileFormat javaSound(Path p) throws IOException {
        try {
            return AudioSystem.getAudioFileFormat(p.toFile());
        } catch (javax.sound.sampled.UnsupportedAudioFileException e) {
            throw new AssertionError("javax.sound cannot read " + p, e);
        }
    }

    private String[] siblings() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }
}
