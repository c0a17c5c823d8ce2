package org.vibevoice.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.vibevoice.fuzz.Fuzz;
import org.vibevoice.fuzz.JsonMutations;
import org.vibevoice.fuzz.Mutations;
import org.vibevoice.golden.GoldenFixtures;

/** Fuzzes config.json and preprocessor_config.json reading with mutants of the real files. */
class ConfigFuzzTest {
    private static final Fuzz CONFIG = Fuzz.parser("config.json", 8 << 20, 64);
    private static final Fuzz PREPROCESSOR = Fuzz.parser("preprocessor_config.json", 8 << 20, 64);
    private static Path dir;

    @BeforeContainer
    static void setUp() {
        dir = Fuzz.tempDir("fuzz-config");
    }

    @AfterContainer
    static void tearDown() {
        Fuzz.finish(dir, CONFIG, PREPROCESSOR);
    }

    private static Arbitrary<byte[]> mutantsOf(List<Path> files) throws IOException {
        List<String> seeds = new java.util.ArrayList<>();
        for (Path f : files) {
            seeds.add(Files.readString(f));
        }
        List<byte[]> raw = seeds.stream().map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList();
        return Arbitraries.frequencyOf(Tuple.of(8, JsonMutations.of(seeds)), Tuple.of(2, Mutations.of(raw)));
    }

    @Provide
    Arbitrary<byte[]> configs() throws IOException {
        Path shared = GoldenFixtures.dir().resolve("../configs").normalize();
        return mutantsOf(List.of(GoldenFixtures.dir().resolve("models/tiny-a/config.json"),
                shared.resolve("VibeVoice-1.5B/config.json"), shared.resolve("VibeVoice-Large/config.json")));
    }

    @Provide
    Arbitrary<byte[]> preprocessorConfigs() throws IOException {
        return mutantsOf(List.of(GoldenFixtures.dir().resolve("models/tiny-a/preprocessor_config.json")));
    }

    @Property(seed = "1201")
    void aConfigEndsInAConfigOrOneLineError(@ForAll("configs") byte[] json) throws IOException {
        Path p = Files.write(dir.resolve("config.json"), json);
        CONFIG.check(json, () -> {
            VibeVoiceConfig c = VibeVoiceConfig.read(p);
            return c.acousticTokenizer().hopLength() + c.semanticTokenizer().hopLength() + c.diffusionHead().ffnDim();
        });
    }

    @Property(seed = "1202")
    void aPreprocessorConfigEndsInAConfigOrOneLineError(@ForAll("preprocessorConfigs") byte[] json) throws IOException {
        Path p = Files.write(dir.resolve("preprocessor_config.json"), json);
        PREPROCESSOR.check(json, () -> PreprocessorConfig.read(p));
    }
}
