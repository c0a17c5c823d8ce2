package org.vibevoice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vibevoice.api.VibeVoice;
import org.vibevoice.audio.WavWriter;
import org.vibevoice.golden.GoldenFixtures;
import org.vibevoice.tensor.DType;

/** The server's parts without HTTP: encoding, input rules, example selection, the service's queue. */
class ServerPartsTest {
    @TempDir
    Path tmp;

    @Test
    void pcm16AndItsHeaderAreWhatTheWavWriterWrites() throws Exception {
        Random rnd = new Random(1);
        float[] samples = new float[4801];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (rnd.nextGaussian() * 0.7);
        }
        samples[0] = 1.5f;
        samples[1] = -3f;
        samples[2] = 0.5f / 32767f; // a tie: half to even
        Path file = tmp.resolve("w.wav");
        try (WavWriter w = WavWriter.create(file, 24000, 1, WavWriter.Encoding.PCM16)) {
            w.write(samples);
        }
        byte[] pcm = Pcm16.encode(samples, 0, samples.length);
        byte[] ours = new byte[Pcm16.HEADER_BYTES + pcm.length];
        System.arraycopy(Pcm16.wavHeader(24000, pcm.length), 0, ours, 0, Pcm16.HEADER_BYTES);
        System.arraycopy(pcm, 0, ours, Pcm16.HEADER_BYTES, pcm.length);
        // the writer pads an odd data chunk; ours never is odd (2 bytes a sample)
        assertThat(ours).isEqualTo(Files.readAllBytes(file));
        Wav streaming = Wav.parse(Pcm16.wavHeader(16000, Pcm16.UNKNOWN_LENGTH));
        assertThat(streaming.riffSize()).isEqualTo(0xFFFFFFFFL);
        assertThat(streaming.dataSize()).isEqualTo(0xFFFFFFFFL);
        assertThat(streaming.sampleRate()).isEqualTo(16000);
    }

    @Test
    void plainTextIsSpeakerOneAndScriptsAreReadAsScriptFiles() throws Exception {
        assertThat(ScriptInput.parse("  Hello\n  world’s end. ", 100)).isEqualTo(new ScriptInput("Speaker 1: Hello world's end.", 1));
        assertThat(ScriptInput.parse("Intro dropped\nSpeaker 2: Hi\nthere\n\nspeaker 4: Yo", 100))
                .isEqualTo(new ScriptInput("Speaker 2: Hi there\nSpeaker 4: Yo", 2));
        assertThatThrownBy(() -> ScriptInput.parse(" \n ", 100)).isInstanceOf(ApiException.class).hasMessage("input is empty");
        assertThatThrownBy(() -> ScriptInput.parse("Speaker 1:\nSpeaker 2:  ", 100)).hasMessageContaining("no text");
        assertThatThrownBy(() -> ScriptInput.parse("x".repeat(101), 100)).hasMessageContaining("at most 100")
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
    }

    @Test
    void examplesFollowTheGradioDemosRule() throws Exception {
        assertThat(TextExamples.tooLong("4p_climate_45min.txt")).isTrue();
        assertThat(TextExamples.tooLong("4p_climate_100min.txt")).isTrue();
        assertThat(TextExamples.tooLong("2p_15min.txt")).isFalse();
        assertThat(TextExamples.tooLong("2p_goat.txt")).isFalse();
        assertThat(TextExamples.tooLong("9999999999999min.txt")).isTrue();
        Files.writeString(tmp.resolve("b_3p.txt"), "Speaker 1: a\nSpeaker 2: b\nSpeaker 3: c");
        Files.writeString(tmp.resolve("a_1p.txt"), "Speaker 1: only");
        Files.writeString(tmp.resolve("c_none.txt"), "no speakers here");
        Files.writeString(tmp.resolve("notes.md"), "Speaker 1: not a .txt");
        Files.writeString(tmp.resolve("d_20min.txt"), "Speaker 1: long");
        assertThat(TextExamples.load(tmp)).containsExactly(new TextExamples.Example("a_1p", "Speaker 1: only", 1),
                new TextExamples.Example("b_3p", "Speaker 1: a\nSpeaker 2: b\nSpeaker 3: c", 3));
        assertThat(TextExamples.load(null)).isEmpty();
        assertThatThrownBy(() -> TextExamples.load(tmp.resolve("missing"))).hasMessageContaining("does not exist");
    }

    @Test
    void clientFileNamesAreOnlyLabels() {
        assertThat(VoiceLibrary.displayLabel("../../etc/passwd")).isEqualTo("passwd");
        assertThat(VoiceLibrary.displayLabel("C:\\voices\\me.mp3")).isEqualTo("me.mp3");
        assertThat(VoiceLibrary.displayLabel("<b>\u0007x\".wav")).isEqualTo("bx.wav");
        assertThat(VoiceLibrary.displayLabel("dir/")).isEqualTo("voice");
        assertThat(VoiceLibrary.displayLabel(null)).isEqualTo("voice");
        assertThat(VoiceLibrary.displayLabel("y".repeat(100))).hasSize(60);
    }

    @Test
    void defaultVoicesPreferTheGradioOnes() {
        assertThat(DemoApiEndpoint.defaultVoices(List.of("a", "en-Frank_man", "b", "en-Alice_woman", "c")))
                .containsExactly("en-Alice_woman", "en-Frank_man", "a", "b");
        assertThat(DemoApiEndpoint.defaultVoices(List.of("x"))).containsExactly("x");
    }

    @Test
    void closingTheServiceStopsTheRunningJobAndEndsTheQueuedOnes() throws Exception {
        Path model = GoldenFixtures.dir().resolve("models/tiny-a");
        Probe probe = new Probe();
        SpeechService service = SpeechService.of(List.of(VibeVoice.load(model.toString(), (DType) null)), 2, probe);
        try {
            float[] voice = org.vibevoice.audio.AudioFiles.loadVoice(GoldenFixtures.dir().resolve("data/voice_carter.wav"));
            SpeechRequest r = new SpeechRequest("Speaker 1: Hello.", List.of(voice), TestServer.params(), 1);
            Probe.Hold hold = probe.holdAfter(0);
            SpeechJob running = service.submit(r);
            hold.awaitReached();
            SpeechJob queued1 = service.submit(r);
            SpeechJob queued2 = service.submit(r);
            assertThatThrownBy(() -> service.submit(r)).isInstanceOf(ServiceBusyException.class);
            assertThat(service.queueDepth()).isEqualTo(2);
            Thread closer = Thread.ofPlatform().start(service::close);
            // close waits for the held worker: let it go once the queue is emptied
            while (service.queueDepth() > 0) {
                Thread.onSpinWait();
            }
            hold.release();
            closer.join(30_000);
            assertThat(closer.isAlive()).isFalse();
            assertThat(terminal(running)).isInstanceOfSatisfying(SpeechEvent.Finished.class,
                    f -> assertThat(f.result().stopped()).isTrue());
            for (SpeechJob q : List.of(queued1, queued2)) {
                List<SpeechEvent> events = drain(q);
                assertThat(events).hasSize(2);
                assertThat(events.getFirst()).isInstanceOf(SpeechEvent.Queued.class);
                assertThat(events.getLast()).isInstanceOfSatisfying(SpeechEvent.Finished.class,
                        f -> assertThat(f.result().stopped()).isTrue());
            }
            assertThatThrownBy(() -> service.submit(r)).isInstanceOf(IllegalStateException.class);
        } finally {
            probe.releaseAll();
            service.close();
        }
    }

    private static SpeechEvent terminal(SpeechJob job) throws InterruptedException {
        List<SpeechEvent> events = drain(job);
        return events.getLast();
    }

    private static List<SpeechEvent> drain(SpeechJob job) throws InterruptedException {
        List<SpeechEvent> out = new ArrayList<>();
        while (out.isEmpty() || !out.getLast().terminal()) {
            SpeechEvent e = job.next(Duration.ofSeconds(30));
            assertThat(e).as("an event within 30 s").isNotNull();
            out.add(e);
        }
        return out;
    }
}
