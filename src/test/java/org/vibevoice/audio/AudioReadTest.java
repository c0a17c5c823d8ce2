package org.vibevoice.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vibevoice.VibeVoiceException;

/** Reading WAV (every supported encoding and odd layouts), FLAC and MP3, and refusing bad files with one line. */
class AudioReadTest {
    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private Path resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            return file(name, in.readAllBytes());
        }
    }

    @Test
    void pcm16StereoIsAveragedAndScaledBy32768() throws IOException {
        ByteBuffer d = WavBytes.le(12).putShort((short) 32767).putShort((short) -32768).putShort((short) 1000)
                .putShort((short) 3000).putShort((short) -2).putShort((short) 0);
        AudioClip c = AudioFiles.read(file("s16.wav", new WavBytes().fmt(1, 2, 22050, 16).chunk("data", d.array()).build()));
        assertThat(c.sampleRate()).isEqualTo(22050);
        assertThat(c.samples()).containsExactly((32767f / 32768f + -1f) / 2, (1000f / 32768f + 3000f / 32768f) / 2, -2f / 32768f / 2);
    }

    @Test
    void everyPcmAndFloatSizeDecodes() throws IOException {
        ByteBuffer u8 = WavBytes.le(3).put((byte) 0).put((byte) 128).put((byte) 255);
        assertThat(read(new WavBytes().fmt(1, 1, 8000, 8).chunk("data", u8.array()))).containsExactly(-1f, 0f, 127f / 128);
        ByteBuffer s24 = WavBytes.le(6).put(new byte[] {0, 0, (byte) 0x80, (byte) 0xFF, (byte) 0xFF, 0x7F});
        assertThat(read(new WavBytes().fmt(1, 1, 8000, 24).chunk("data", s24.array()))).containsExactly(-1f, 8388607f / 8388608);
        ByteBuffer s32 = WavBytes.le(8).putInt(Integer.MIN_VALUE).putInt(1 << 30);
        assertThat(read(new WavBytes().fmt(1, 1, 8000, 32).chunk("data", s32.array()))).containsExactly(-1f, 0.5f);
        ByteBuffer f32 = WavBytes.le(8).putFloat(0.25f).putFloat(-1.5f);
        assertThat(read(new WavBytes().fmt(3, 1, 8000, 32).chunk("data", f32.array()))).containsExactly(0.25f, -1.5f);
        ByteBuffer f64 = WavBytes.le(16).putDouble(0.125).putDouble(-0.5);
        assertThat(read(new WavBytes().fmt(3, 1, 8000, 64).chunk("data", f64.array()))).containsExactly(0.125f, -0.5f);
        ByteBuffer ext = WavBytes.le(12).putFloat(0.3f).putFloat(0.6f).putFloat(0.9f);
        assertThat(read(new WavBytes().extensible(3, 3, 48000, 32).chunk("data", ext.array()))).containsExactly((0.3f + 0.6f + 0.9f) / 3);
    }

    @Test
    void chunksAreWalkedWhateverTheirOrderAndPadding() throws IOException {
        ByteBuffer d = WavBytes.le(4).putShort((short) 16384).putShort((short) -16384);
        byte[] wav = new WavBytes().chunk("LIST", new byte[] {1, 2, 3}).chunk("junk", new byte[7])
                .chunk("data", d.array()).fmt(1, 1, 16000, 16).build();
        assertThat(read(wav)).containsExactly(0.5f, -0.5f);
    }

    @Test
    void unpatchedStreamingSizeMeansUpToTheEndOfTheFile() throws IOException {
        ByteBuffer d = WavBytes.le(5).putShort((short) 8192).putShort((short) 8192).put((byte) 7);
        byte[] wav = new WavBytes().fmt(1, 1, 16000, 16).rawChunk("data", 0xFFFFFFFFL, d.array()).build();
        assertThat(read(wav)).containsExactly(0.25f, 0.25f);
    }

    @Test
    void rf64UsesTheDs64DataSize() throws IOException {
        ByteBuffer ds64 = WavBytes.le(28).putLong(0).putLong(4).putLong(2).putInt(0);
        ByteBuffer d = WavBytes.le(4).putShort((short) 16384).putShort((short) 0);
        byte[] wav = new WavBytes().rf64().chunk("ds64", ds64.array()).fmt(1, 1, 16000, 16)
                .rawChunk("data", 0xFFFFFFFFL, d.array()).build();
        assertThat(read(wav)).containsExactly(0.5f, 0f);
    }

    @Test
    void flacDecodesExactlyLikeTheWavItWasMadeFrom() throws IOException {
        for (String name : new String[] {"stereo16", "mono24", "mono8"}) {
            AudioClip flac = AudioFiles.read(resource(name + ".flac"));
            AudioClip wav = AudioFiles.read(resource(name + ".wav"));
            assertThat(flac.sampleRate()).as(name).isEqualTo(wav.sampleRate());
            assertThat(flac.samples()).as(name).hasSize(wav.samples().length).containsExactly(wav.samples());
            assertThat(peak(flac.samples())).as(name).isGreaterThan(0.3f);
        }
    }

    @Test
    void mp3DecodesToTheToneItHolds() throws IOException {
        AudioClip c = AudioFiles.read(resource("sine1k.mp3"));
        assertThat(c.sampleRate()).isEqualTo(44100);
        // 0.5 s plus the codec's priming and padding
        assertThat(c.samples().length).isBetween(22050, 22050 + 4 * 1152);
        double best = 0;
        for (int lag = 0; lag < 3000; lag++) {
            best = Math.max(best, correlation(c.samples(), lag, 5000, 10000));
        }
        assertThat(best).isGreaterThan(0.99);
    }

    @Test
    void badFilesFailWithOneLineNamingTheFile() throws IOException {
        byte[] good = new WavBytes().fmt(1, 1, 16000, 16).chunk("data", new byte[400]).build();
        expectFailure(file("empty.wav", new byte[0]), "empty file");
        expectFailure(file("header.wav", Arrays.copyOf(good, 30)), "truncated");
        expectFailure(file("data.wav", Arrays.copyOf(good, good.length - 100)), "truncated");
        expectFailure(file("nodata.wav", new WavBytes().fmt(1, 1, 16000, 16).build()), "no 'data' chunk");
        expectFailure(file("silent.wav", new WavBytes().fmt(1, 1, 16000, 16).chunk("data", new byte[0]).build()), "no audio");
        expectFailure(file("notes.txt", "Speaker 1: hello\n".getBytes()), "not a WAV, FLAC or MP3 file");
        expectFailure(file("alaw.wav", new WavBytes().fmt(6, 1, 8000, 8).chunk("data", new byte[8]).build()), "unsupported WAV encoding");
        expectFailure(file("pcm12.wav", new WavBytes().fmt(1, 1, 8000, 12).chunk("data", new byte[8]).build()), "unsupported");
        expectFailure(file("avi.wav", "RIFF\0\0\0\0AVI LIST".getBytes()), "not WAVE");
        byte[] flac = Files.readAllBytes(resource("stereo16.flac"));
        expectFailure(file("cut.flac", Arrays.copyOf(flac, flac.length / 2)), "truncated");
        expectFailure(file("stub.flac", Arrays.copyOf(flac, 6)), "truncated");
        // a fuzzer's mutant on which jflac looped forever: a frame past the declared length whose CRC fails
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> expectFailure(file("bad-frames.flac",
                Files.readAllBytes(resource("fuzz-hang-bad-frames.flac"))), "undecodable frames"));
        byte[] mp3 = Files.readAllBytes(resource("sine1k.mp3"));
        expectFailure(file("head.mp3", Arrays.copyOf(mp3, 3)), "no MP3 audio frames");
        expectFailure(dir.resolve("missing.wav"), "no such file");
    }

    private static void expectFailure(Path p, String fragment) {
        assertThatThrownBy(() -> AudioFiles.read(p)).isInstanceOf(VibeVoiceException.class)
                .hasMessageStartingWith(p.toString()).hasMessageContaining(fragment)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private float[] read(WavBytes w) throws IOException {
        return read(w.build());
    }

    private float[] read(byte[] wav) throws IOException {
        return AudioFiles.read(file("t" + System.nanoTime() + ".wav", wav)).samples();
    }

    private static float peak(float[] x) {
        float m = 0;
        for (float v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** Normalised correlation of x[from+lag ..] with a 1 kHz sine at 44.1 kHz. */
    private static double correlation(float[] x, int lag, int from, int n) {
        double xy = 0;
        double xx = 0;
        double yy = 0;
        for (int i = 0; i < n; i++) {
            double s = Math.sin(2 * Math.PI * 1000 * (from + i) / 44100.0);
            double v = x[from + lag + i];
            xy += v * s;
            xx += v * v;
            yy += s * s;
        }
        return xy / Math.sqrt(xx * yy + 1e-30);
    }
}
