package org.vibevoice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vibevoice.audio.AudioClip;
import org.vibevoice.audio.AudioFiles;
import org.vibevoice.golden.GoldenFixtures;

/** {@code ./vibevoice synthesize} end to end on the fixtures' tiny model, and its one-line errors. */
class SynthesizeCommandTest {
    @TempDir
    Path tmp;
    Path model;
    Path voices;
    Path out;
    final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws IOException {
        Path golden = GoldenFixtures.dir();
        model = golden.resolve("models/tiny-a").toAbsolutePath();
        voices = Files.createDirectories(tmp.resolve("voices"));
        Files.copy(golden.resolve("data/voice_carter.wav"), voices.resolve("en-Carter_man.wav"));
        Files.copy(golden.resolve("data/voice_frank.wav"), voices.resolve("en-Frank_man.wav"));
        out = tmp.resolve("out");
    }

    private int run(String... extra) {
        List<String> args = new ArrayList<>(List.of("synthesize", "--model_path", model.toString(), "--voices_dir",
                voices.toString(), "--output_dir", out.toString(), "--seed", "42", "--max_new_tokens", "20"));
        args.addAll(List.of(extra));
        return Main.execute(new PrintWriter(err, true), args.toArray(String[]::new));
    }

    private Path script(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    private List<Path> outputs() throws IOException {
        if (!Files.exists(out)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(out)) {
            return s.toList();
        }
    }

    @Test
    void writesTheWavNamedAfterTheScript() throws IOException {
        Path txt = script("2p_test.txt", "Speaker 1: Hello there.\nSpeaker 2: Hi, how are you?\n");
        assertThat(run("--txt_path", txt.toString(), "--speaker_names", "Carter", "Frank")).as(err.toString()).isZero();
        Path wav = out.resolve("2p_test_generated.wav");
        assertThat(outputs()).containsExactly(wav);
        AudioClip clip = AudioFiles.read(wav);
        assertThat(clip.sampleRate()).isEqualTo(24000);
        assertThat(clip.samples().length % 3200).isZero();
        assertThat(clip.samples().length).isPositive();
        for (float v : clip.samples()) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(1f);
        }
    }

    @Test
    void theSameSeedGivesTheSameAudio() throws IOException {
        Path txt = script("s.txt", "Speaker 1: Repeat me.");
        assertThat(run("--txt_path", txt.toString(), "--speaker_names", "Carter")).isZero();
        byte[] first = Files.readAllBytes(out.resolve("s_generated.wav"));
        assertThat(run("--txt_path", txt.toString(), "--speaker_names", "Carter")).isZero();
        assertThat(Files.readAllBytes(out.resolve("s_generated.wav"))).isEqualTo(first);
    }

    private void failsWithOneLine(String expected, String... extra) throws IOException {
        int code = run(extra);
        assertThat(code).isNotZero();
        String text = err.toString().strip();
        assertThat(text.lines()).hasSize(1);
        assertThat(text).contains(expected);
        assertThat(outputs()).isEmpty();
    }

    @Test
    void aMissingScriptIsOneLine() throws IOException {
        failsWithOneLine("does not exist", "--txt_path", tmp.resolve("nope.txt").toString());
    }

    @Test
    void anEmptyScriptIsOneLine() throws IOException {
        failsWithOneLine("empty", "--txt_path", script("e.txt", "\n \n").toString());
    }

    @Test
    void aScriptWithoutSpeakersIsOneLine() throws IOException {
        failsWithOneLine("no 'Speaker N:' line", "--txt_path", script("n.txt", "just words").toString());
    }

    @Test
    void moreSpeakersThanVoicesIsOneLine() throws IOException {
        Path txt = script("3.txt", "Speaker 1: a\nSpeaker 2: b\nSpeaker 3: c");
        failsWithOneLine("3 speakers but only 2 voice(s)", "--txt_path", txt.toString(), "--speaker_names", "Carter", "Frank");
    }

    @Test
    void anUnknownVoiceListsTheVoices() throws IOException {
        failsWithOneLine("en-Carter_man, en-Frank_man", "--txt_path", script("u.txt", "Speaker 1: a").toString(),
                "--speaker_names", "Zed");
    }

    @Test
    void anUnreadableVoiceFileIsNamed() throws IOException {
        Files.writeString(voices.resolve("en-Bad_voice.wav"), "this is not audio");
        failsWithOneLine("en-Bad_voice.wav", "--txt_path", script("b.txt", "Speaker 1: a").toString(),
                "--speaker_names", "Bad");
    }

    @Test
    void aModelDirectoryWithoutWeightsIsOneLine() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty-model"));
        Files.copy(model.resolve("config.json"), empty.resolve("config.json"));
        model = empty;
        failsWithOneLine("no weights", "--txt_path", script("m.txt", "Speaker 1: a").toString(), "--speaker_names", "Carter");
    }

    @Test
    void gpuDevicesAreRefused() throws IOException {
        failsWithOneLine("not supported", "--txt_path", script("d.txt", "Speaker 1: a").toString(), "--device", "cuda");
    }
}
