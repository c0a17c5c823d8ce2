package org.vibevoice.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.vibevoice.tensor.DType;

/**
 * Every fixture case of the speech tokenizer, connector and voice-prompt kinds must PASS: with the
 * f32 weights as stored, converted to bf16 and f16 at load, and with the bf16 checkpoint
 * (models/tiny-a-bf16) used as stored.
 */
class TokenizerGoldenTest {
    private static final Set<String> KINDS = Set.of("acoustic_encode", "acoustic_decode", "acoustic_decode_streaming",
            "semantic_encode", "semantic_encode_streaming", "acoustic_connector", "semantic_connector", "speech_embed");
    private static final String BF16_MODEL = "tiny-a-bf16";

    private static GoldenSuite suite;

    @BeforeAll
    static void open() {
        Path dir = Path.of(System.getenv().getOrDefault("VIBEVOICE_GOLDEN", "../shared/golden"));
        boolean required = System.getenv("VIBEVOICE_REQUIRE_GOLDEN") != null;
        if (!Files.isDirectory(dir)) {
            if (required) {
                throw new AssertionError("golden fixtures not found at " + dir.toAbsolutePath());
            }
            Assumptions.abort("golden fixtures not found at " + dir.toAbsolutePath() + "; set VIBEVOICE_GOLDEN");
        }
        suite = GoldenSuite.open(dir);
    }

    @AfterAll
    static void close() throws Exception {
        if (suite != null) {
            suite.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> f32AsStored() throws Exception {
        return verify(DType.F32);
    }

    @TestFactory
    Stream<DynamicTest> bf16ConvertedAtLoad() throws Exception {
        return verify(DType.BF16);
    }

    @TestFactory
    Stream<DynamicTest> f16ConvertedAtLoad() throws Exception {
        return verify(DType.F16);
    }

    private Stream<DynamicTest> verify(DType dtype) throws Exception {
        List<CaseResult> results = new GoldenVerifier().verify(suite, KINDS, dtype, r -> { });
        assertThat(results).extracting(CaseResult::kind).containsAll(KINDS);
        return results.stream().map(r -> DynamicTest.dynamicTest(r.name(), () -> assertThat(r.passed()).as(r.line()).isTrue()));
    }

    @TestFactory
    Stream<DynamicTest> bf16CheckpointAsStored() throws Exception {
        Path model = suite.entries().isEmpty() ? null : suite.load(suite.entries().get(0)).suiteDir().resolve("models").resolve(BF16_MODEL);
        Assumptions.assumeTrue(model != null && Files.isDirectory(model), "no models/" + BF16_MODEL);
        List<DynamicTest> tests = new ArrayList<>();
        Map<String, KindRunner> runners = KindRunners.all();
        try (GoldenContext ctx = new GoldenContext(null)) {
            for (GoldenSuite.Entry e : suite.entries()) {
                if (!KINDS.contains(e.kind())) {
                    continue;
                }
                GoldenCase c = suite.load(e);
                Map<String, String> meta = new HashMap<>(c.metadata());
                meta.put("model", BF16_MODEL);
                GoldenCase bf16 = new GoldenCase(c.name(), c.kind(), c.file(), c.suiteDir(), meta, c.tensors(), c.tolerance(), c.exact());
                CaseResult r = GoldenVerifier.compare(bf16, runners.get(c.kind()).run(bf16, ctx), DType.BF16);
                tests.add(DynamicTest.dynamicTest(c.name(), () -> assertThat(r.passed()).as(r.line()).isTrue()));
            }
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(KINDS.size());
        return tests.stream();
    }
}
