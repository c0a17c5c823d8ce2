package org.vibevoice.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.vibevoice.model.Weights;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Matrix;

/**
 * The {@code tokenize} and language-model fixture cases: f32 as stored, weights converted to bf16
 * and f16 at load, and the bf16 checkpoint mapped as stored.
 */
class LmGoldenTest {
    private static final Set<String> LM_KINDS = Set.of("lm_prefill", "lm_embeds", "lm_decode");

    private static Stream<DynamicTest> casesPass(Set<String> kinds, DType dtype) throws Exception {
        List<CaseResult> results = GoldenFixtures.verify(kinds, dtype);
        assertThat(results).as("cases of %s", kinds).isNotEmpty();
        return results.stream().map(r -> DynamicTest.dynamicTest(r.name() + " " + dtype, () ->
                assertThat(r.passed()).as(r.line()).isTrue()));
    }

    @TestFactory
    Stream<DynamicTest> tokenizeCases() throws Exception {
        return casesPass(Set.of("tokenize"), null);
    }

    @TestFactory
    Stream<DynamicTest> lmCasesF32() throws Exception {
        return casesPass(LM_KINDS, null);
    }

    @TestFactory
    Stream<DynamicTest> lmCasesBf16() throws Exception {
        return casesPass(LM_KINDS, DType.BF16);
    }

    @TestFactory
    Stream<DynamicTest> lmCasesF16() throws Exception {
        return casesPass(LM_KINDS, DType.F16);
    }

    /** The cases again, on the bf16 checkpoint beside the f32 one (mapped as stored), at the bf16 tolerance. */
    @TestFactory
    Stream<DynamicTest> lmCasesOnMappedBf16Checkpoint() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        Map<String, KindRunner> runners = KindRunners.all();
        try (GoldenSuite suite = GoldenSuite.open(GoldenFixtures.dir()); GoldenContext ctx = new GoldenContext(null)) {
            for (GoldenSuite.Entry e : suite.entries()) {
                if (!LM_KINDS.contains(suite.kindOf(e))) {
                    continue;
                }
                GoldenCase c = suite.load(e);
                Map<String, String> meta = new HashMap<>(c.metadata());
                meta.put("model", c.modelName() + "-bf16");
                GoldenCase bf16 = new GoldenCase(c.name(), c.kind(), c.file(), c.suiteDir(), meta, c.tensors(),
                        c.tolerance(), c.exact());
                if (!Files.isDirectory(bf16.modelDir())) {
                    continue; // this fixture set has no bf16 twin of the case's model
                }
                try (Weights w = Weights.open(bf16.modelDir(), null)) {
                    assertThat(w.raw("model.language_model.norm.weight").dtype()).isEqualTo(DType.BF16);
                }
                CaseResult r = GoldenVerifier.compare(bf16, runners.get(c.kind()).run(bf16, ctx), DType.BF16);
                tests.add(DynamicTest.dynamicTest(c.name() + " tiny-bf16", () -> assertThat(r.passed()).as(r.line()).isTrue()));
            }
        }
        Assumptions.assumeFalse(tests.isEmpty(), "no <model>-bf16 checkpoint beside the fixtures' models");
        return tests.stream();
    }

    /** Converting each f32 checkpoint to bf16 at load gives exactly its bf16 twin (models/NAME-bf16). */
    @Test
    void bf16ConversionAtLoadEqualsTheBf16Checkpoint() throws IOException {
        Path models = GoldenFixtures.dir().resolve("models");
        int compared = 0;
        try (Stream<Path> dirs = Files.list(models)) {
            for (Path f32Dir : dirs.filter(d -> Files.isDirectory(d.resolveSibling(d.getFileName() + "-bf16"))).toList()) {
                try (Weights f32 = Weights.open(f32Dir, DType.BF16);
                        Weights bf16 = Weights.open(f32Dir.resolveSibling(f32Dir.getFileName() + "-bf16"), null)) {
                    for (String name : f32.names()) {
                        if (!name.startsWith("model.language_model.") || f32.raw(name).rank() != 2) {
                            continue;
                        }
                        Matrix a = f32.matrix(name);
                        Matrix b = bf16.matrix(name);
                        assertThat(a.dtype()).isEqualTo(DType.BF16);
                        assertThat(b.dtype()).isEqualTo(DType.BF16);
                        assertThat(a.data().mismatch(b.data())).as(f32Dir + " " + name).isEqualTo(-1L);
                        compared++;
                    }
                }
            }
        }
        Assumptions.assumeTrue(compared > 0, "no model with a -bf16 twin under " + models);
    }
}
