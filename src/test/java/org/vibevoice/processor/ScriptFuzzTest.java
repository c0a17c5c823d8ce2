package org.vibevoice.processor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import org.vibevoice.fuzz.TextMutations;

/** Fuzzes the processor's script parser and the demo's script-file reader with hostile text and bytes. */
class ScriptFuzzTest {
    static final List<String> SCRIPTS = List.of("Speaker 1: Hello there.\nSpeaker 2: Nice to meet you.\n",
            "Intro text before anyone speaks\nSpeaker 0: zero-based\n\n  speaker 3 :  spaced out  \nSpeaker 1: It’s fine.",
            "Speaker 2: A line\nthat continues\r\nand continues.\rSpeaker 10: Ten.");
    private static final Fuzz PARSER = Fuzz.parser("script parser", 8 << 20, 64);
    private static final Fuzz FILE = Fuzz.parser("script file", 8 << 20, 64);
    private static Path dir;

    @BeforeAll
    static void setUp() {
        dir = Fuzz.tempDir("fuzz-script");
    }

    @AfterAll
    static void tearDown() {
        Fuzz.finish(dir, PARSER, FILE);
    }

    Gen<String> scripts() {
        return TextMutations.of(SCRIPTS);
    }

    Gen<byte[]> scriptFiles() {
        List<byte[]> seeds = SCRIPTS.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        return Generate.frequency(Pair.of(6, Mutations.of(seeds)),
                Pair.of(3, scripts().map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Pair.of(1, Mutations.random("Speaker 1: ".getBytes(StandardCharsets.UTF_8), 500)));
    }

    @Test
    void aScriptParsesToSpeakerLinesOrOneLineError() {
        Inputs.forAll(1401, scripts(), script -> {
            List<String> dropped = new ArrayList<>();
            List<ScriptLine> lines = PARSER.check(script.getBytes(StandardCharsets.UTF_8), () -> ScriptParser.parse(script, dropped));
            if (lines == null) {
                return;
            }
            for (ScriptLine l : lines) {
                if (l.speakerId() < 0 || !l.text().startsWith(" ")) {
                    throw new AssertionError("bad line " + l);
                }
            }
            DemoScript d = PARSER.check(script.getBytes(StandardCharsets.UTF_8), () -> DemoScript.parse(script));
            if (d != null && d.speakerNumbers().size() != d.speakerNumbers().stream().distinct().count()) {
                throw new AssertionError("repeated speaker numbers " + d.speakerNumbers());
            }
        });
    }

    @Test
    void aScriptFileReadsOrFailsWithOneLine() {
        Inputs.forAll(1402, scriptFiles(), bytes -> {
            Path p = Files.write(dir.resolve("script.txt"), bytes);
            DemoScript s = FILE.check(bytes, () -> DemoScript.read(p));
            if (s != null && (s.speakerNumbers().isEmpty() || !s.text().startsWith("Speaker "))) {
                throw new AssertionError("accepted a script without speakers: " + s);
            }
        });
    }
}
