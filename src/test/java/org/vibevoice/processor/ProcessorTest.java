package org.vibevoice.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vibevoice.VibeVoiceException;

class ProcessorTest {
    /** A stand-in tokenizer: one id per character (its code point), enough to check the layout. */
    private static final TextEncoder CHARS = s -> s.codePoints().toArray();

    private static int[] chars(String s) {
        return s.codePoints().toArray();
    }

    @Test
    void parsesScriptsLikeTheOriginalProcessor() {
        List<String> dropped = new ArrayList<>();
        List<ScriptLine> l = ScriptParser.parse("  Speaker 1: Hi  \n\nnarration\nspeaker 2 :  there\n", dropped);
        assertThat(l).containsExactly(new ScriptLine(0, " Hi"), new ScriptLine(1, " there"));
        assertThat(dropped).containsExactly("narration");
        assertThat(ScriptParser.parse("Speaker 0: a\nSpeaker 1: b", null))
                .extracting(ScriptLine::speakerId).containsExactly(0, 1);
    }

    @Test
    void buildsThePromptWithOnePlaceholderPerFrame() {
        VibeVoiceProcessor p = new VibeVoiceProcessor(CHARS, 4, false);
        var prompt = p.prompt("Speaker 1: ab", List.of(new float[9], new float[4]));
        List<Integer> expected = new ArrayList<>();
        for (int c : chars(VibeVoiceProcessor.SYSTEM_PROMPT + " Voice input:\n Speaker 0:")) {
            expected.add(c);
        }
        expected.add(SpecialTokens.SPEECH_START);
        expected.addAll(List.of(SpecialTokens.SPEECH_DIFFUSION, SpecialTokens.SPEECH_DIFFUSION,
                SpecialTokens.SPEECH_DIFFUSION));
        expected.add(SpecialTokens.SPEECH_END);
        for (int c : chars("\n Text input:\n Speaker 0: ab\n Speech output:\n")) {
            expected.add(c);
        }
        expected.add(SpecialTokens.SPEECH_START);
        assertThat(prompt.ids()).containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
        assertThat(prompt.usedVoices()).hasSize(1);
        int masked = 0;
        for (int i = 0; i < prompt.ids().length; i++) {
            assertThat(prompt.speechMask()[i]).isEqualTo(prompt.ids()[i] == SpecialTokens.SPEECH_DIFFUSION);
            masked += prompt.speechMask()[i] ? 1 : 0;
        }
        assertThat(masked).isEqualTo(3);
    }

    @Test
    void omitsTheVoiceSectionWithoutVoices() {
        var prompt = new VibeVoiceProcessor(CHARS, 4, false).prompt("Speaker 1: x", List.of());
        String text = new String(prompt.ids(), 0, prompt.ids().length - 1);
        assertThat(text).doesNotContain("Voice input").contains(" Text input:\n Speaker 0: x\n");
    }

    @Test
    void leftPadsABatchAndFlattensVoices() {
        VibeVoiceProcessor p = new VibeVoiceProcessor(CHARS, 4, false);
        ProcessorOutput out = p.process(List.of(
                new VibeVoiceProcessor.Request("Speaker 1: a", List.of(new float[] {1, 2, 3, 4, 5})),
                new VibeVoiceProcessor.Request("Speaker 1: longer\nSpeaker 2: text", List.of(new float[] {7}, new float[] {8, 9}))));
        int len = out.inputIds()[0].length;
        assertThat(out.inputIds()[1]).hasSize(len);
        int pad = 0;
        while (out.inputIds()[0][pad] == SpecialTokens.PAD) {
            assertThat(out.attentionMask()[0][pad]).isZero();
            assertThat(out.speechInputMask()[0][pad]).isFalse();
            pad++;
        }
        assertThat(pad).isPositive();
        assertThat(out.attentionMask()[1]).containsOnly(1);
        assertThat(out.speechTensors()).hasDimensions(3, 5);
        assertThat(out.speechTensors()[1]).containsExactly(7, 0, 0, 0, 0);
        assertThat(out.speechMasks()[0]).containsExactly(true, true);
        assertThat(out.speechMasks()[2]).containsExactly(true, false);
        assertThat(out.voiceLengths()).containsExactly(5, 1, 2);
    }

    @Test
    void aScriptWithoutSpeakerLinesIsAnError() {
        assertThatThrownBy(() -> new VibeVoiceProcessor(CHARS, 4, false).prompt("just text", List.of()))
                .isInstanceOf(VibeVoiceException.class).hasMessageContaining("Speaker N:");
    }

    @Test
    void readsDemoScriptsWithContinuationLines() {
        DemoScript s = DemoScript.parse("intro dropped\nSpeaker 1: Hello\nworld\u2019s end\n\nSpeaker 2: Hi\r\nSpeaker 1: Bye");
        assertThat(s.text()).isEqualTo("Speaker 1: Hello world's end\nSpeaker 2: Hi\nSpeaker 1: Bye");
        assertThat(s.speakerNumbers()).containsExactly(1, 2);
    }

    @Test
    void demoScriptFileErrorsNameTheFile(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("e.txt"), "  \n");
        assertThatThrownBy(() -> DemoScript.read(empty)).hasMessageContaining(empty.toString()).hasMessageContaining("empty");
        Path none = Files.writeString(dir.resolve("n.txt"), "no speakers here");
        assertThatThrownBy(() -> DemoScript.read(none)).hasMessageContaining("no 'Speaker N:' line");
        assertThatThrownBy(() -> DemoScript.read(dir.resolve("missing.txt"))).hasMessageContaining("does not exist");
    }

    @Test
    void mapsVoicesByTheDemoRules(@TempDir Path dir) throws IOException {
        for (String f : List.of("en-Alice_woman.wav", "en-Carter_man.wav", "zh-Bowen_man.flac", "notes.txt")) {
            Files.writeString(dir.resolve(f), "");
        }
        VoiceMapper m = VoiceMapper.scan(dir);
        assertThat(m.voices()).containsExactly("en-Alice_woman", "en-Carter_man", "zh-Bowen_man");
        assertThat(m.resolve("Alice").getFileName().toString()).isEqualTo("en-Alice_woman.wav");
        assertThat(m.resolve("carter").getFileName().toString()).isEqualTo("en-Carter_man.wav");
        assertThat(m.resolve("en-Bowen_man_long_name").getFileName().toString()).isEqualTo("zh-Bowen_man.flac");
        assertThatThrownBy(() -> m.resolve("Andrew")).isInstanceOf(VibeVoiceException.class)
                .hasMessageContaining("Andrew").hasMessageContaining("en-Alice_woman, en-Carter_man, zh-Bowen_man");
    }
}
