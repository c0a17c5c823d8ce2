package org.vibevoice.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.vibevoice.fuzz.Fuzz;
import org.vibevoice.fuzz.Inputs;
import org.vibevoice.fuzz.Mutations;

/**
 * Fuzzes voice prompt loading (format sniffing, the WAV, FLAC and MP3 readers, resampling to the
 * model rate) with mutants of real files of every supported layout.
 */
class AudioFuzzTest {
    private static final int RATE = AudioFiles.MODEL_RATE;
    private static final Fuzz WAV = Fuzz.parser("WAV", 16 << 20, 256);
    private static final Fuzz FLAC = Fuzz.parser("FLAC", 16 << 20, 256);
    private static final Fuzz MP3 = Fuzz.parser("MP3", 16 << 20, 256);
    private static Path dir;

    @BeforeAll
    static void setUp() throws IOException {
        dir = Fuzz.tempDir("fuzz-audio");
        // the decoders' classes and static tables load on first use (tens of MiB for JLayer): not an input's cost
        for (String name : List.of("stereo16.wav", "stereo16.flac", "sine1k.mp3")) {
            AudioFiles.load(Files.write(dir.resolve(name), resource(name)), RATE);
        }
    }

    @AfterAll
    static void tearDown() {
        Fuzz.finish(dir, WAV, FLAC, MP3);
    }

    private static byte[] resource(String name) {
        try (InputStream in = AudioFuzzTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] pcm(int bytes) {
        ByteBuffer b = WavBytes.le(bytes);
        for (int i = 0; i < bytes; i++) {
            b.put((byte) (i * 91));
        }
        return b.array();
    }

    Gen<byte[]> wavs() {
        List<byte[]> seeds = new ArrayList<>(List.of(resource("mono8.wav"), resource("mono24.wav"), resource("stereo16.wav")));
        seeds.add(new WavBytes().fmt(3, 2, 44100, 32).chunk("LIST", new byte[] {1, 2, 3}).chunk("data", pcm(64)).build());
        seeds.add(new WavBytes().extensible(1, 3, 16000, 24).chunk("data", pcm(90)).build());
        seeds.add(new WavBytes().rf64().chunk("ds64", pcm(28)).fmt(3, 1, 8000, 64).rawChunk("data", 0xFFFFFFFFL, pcm(40)).build());
        return Generate.frequency(Pair.of(9, Mutations.of(seeds)),
                Pair.of(1, Mutations.random("RIFF\0\0\0\0WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 200)));
    }

    Gen<byte[]> flacs() {
        return Generate.frequency(
                Pair.of(9, Mutations.of(List.of(resource("mono8.flac"), resource("mono24.flac"), resource("stereo16.flac")))),
                Pair.of(1, Mutations.random("fLaC".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 200)));
    }

    Gen<byte[]> mp3s() {
        byte[] mp3 = resource("sine1k.mp3");
        byte[] id3 = Mutations.concat(new byte[] {'I', 'D', '3', 3, 0, 0, 0, 0, 0, 20}, Mutations.concat(new byte[20], mp3));
        return Generate.frequency(Pair.of(9, Mutations.of(List.of(mp3, id3))),
                Pair.of(1, Mutations.random(new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64}, 2000)));
    }

    @Test
    void aWavEndsInAudioOrOneLineError() {
        Inputs.forAll(1301, wavs(), bytes -> {
            load(WAV, bytes);
        });
    }

    @Test
    void aFlacEndsInAudioOrOneLineError() {
        Inputs.forAll(1302, flacs(), bytes -> {
            load(FLAC, bytes);
        });
    }

    @Test
    void anMp3EndsInAudioOrOneLineError() {
        Inputs.forAll(1303, mp3s(), bytes -> {
            load(MP3, bytes);
        });
    }

    private static void load(Fuzz fuzz, byte[] bytes) {
        Path p = dir.resolve("voice");
        try {
            Files.write(p, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        float[] samples = fuzz.check(bytes, () -> AudioFiles.load(p, RATE).samples());
        if (samples != null && samples.length == 0) {
            throw new AssertionError("a voice without samples was accepted");
        }
    }
}
