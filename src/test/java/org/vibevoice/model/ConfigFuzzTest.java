package org.vibevoice.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.vibevoice.fuzz.Fuzz;
import org.vibevoice.fuzz.Inputs;
import org.vibevoice.fuzz.JsonMutations;
import org.vibevoice.fuzz.Mutations;
import org.vibevoice.golden.GoldenFixtures;

/** Fuzzes config.json and preprocessor_config.json reading with mutants of the real files. */
class ConfigFuzzTest {
    private static final Fuzz CONFIG = Fuzz.parser("config.json", 8 << 20, 64);
    private static final Fuzz PREPROCESSOR = Fuzz.parser("preprocessor_config.json", 8 << 20, 64);
    private static Path dir;

    @BeforeAll
    static void setUp() {
        dir = Fuzz.tempDir("fuzz-config");
    }

    @AfterAll
    static void tearDown() {
        Fuzz.finish(dir, CONFIG, PREPROCESSOR);
    }

    private static Gen<byte[]> mutantsOf(List<Path> files) throws IOException {
        List<String> seeds = new java.util.ArrayList<>();
        for (Path f : files) {
            seeds.add(Files.readString(f));
        }
        List<byte[]> raw = seeds.stream().map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList();
        return Generate.frequency(Pair.of(8, JsonMutations.of(seeds)), Pair.of(2, Mutations.of(raw)));
    }

    Gen<byte[]> configs() throws IOException {
        Path shared = GoldenFixtures.dir().resolve("../configs").normalize();
        return mutantsOf(List.of(GoldenFixtures.dir().resolve("models/tiny-a/config.json"),
                shared.resolve("VibeVoice-1.5B/config.json"), shared.resolve("VibeVoice-Large/config.json")));
    }

    Gen<byte[]> preprocessorConfigs() throws IOException {
        return mutantsOf(List.of(GoldenFixtures.dir().resolve("models/tiny-a/preprocessor_config.json")));
    }

    @Test
    void aConfigEndsInAConfigOrOneLineError() throws IOException {
        Inputs.forAll(1201, configs(), json -> {
            Path p = Files.write(dir.resolve("config.json"), json);
            CONFIG.check(json, () -> {
                VibeVoiceConfig c = VibeVoiceConfig.read(p);
                return c.acousticTokenizer().hopLength() + c.semanticTokenizer().hopLength() + c.diffusionHead().ffnDim();
            });
        });
    }

    @Test
    void aPreprocessorConfigEndsInAConfigOrOneLineError() throws IOException {
        Inputs.forAll(1202, preprocessorConfigs(), json -> {
            Path p = Files.write(dir.resolve("preprocessor_config.json"), json);
            PREPROCESSOR.check(json, () -> PreprocessorConfig.read(p));
        });
    }
}
