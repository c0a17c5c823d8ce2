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
import org.vibevoice.random.NoiseSource;
import org.vibevoice.random.TorchGenerator;
import org.vibevoice.tensor.DType;

/** Every fixture case of the diffusion and random-generator kinds, through the engine's runners. */
class DiffusionGoldenTest {
    private static final Set<String> KINDS = Set.of("diffusion_head", "sample_speech", "torch_rand", "torch_randn");
    private static final Set<String> MODEL_KINDS = Set.of("diffusion_head", "sample_speech");

    private static GoldenSuite suite;

    @BeforeAll
    static void open() {
        Path dir = Path.of(System.getenv().getOrDefault("VIBEVOICE_GOLDEN", "../shared/golden"));
        if (!Files.isDirectory(dir)) {
            if (System.getenv("VIBEVOICE_REQUIRE_GOLDEN") != null) {
                throw new AssertionError("golden fixtures not found at " + dir.toAbsolutePath());
            }
            Assumptions.abort("golden fixtures not found at " + dir.toAbsolutePath() + "; set VIBEVOICE_GOLDEN");
        }
        suite = GoldenSuite.open(dir);
    }

    @AfterAll
    static void close() {
        if (suite != null) {
            suite.close();
        }
    }

    private static List<GoldenCase> cases(Set<String> kinds) {
        List<GoldenCase> out = new ArrayList<>();
        for (GoldenSuite.Entry e : suite.entries()) {
            if (kinds.contains(suite.kindOf(e))) {
                out.add(suite.load(e));
            }
        }
        assertThat(out).as("fixture cases of %s", kinds).isNotEmpty();
        return out;
    }

    private static DynamicTest passes(GoldenCase c, CaseOutputs out, DType tolerances, String label) {
        return DynamicTest.dynamicTest(label, () -> {
            CaseResult r = GoldenVerifier.compare(c, out, tolerances);
            assertThat(r.passed()).as(r.line()).isTrue();
        });
    }

    @TestFactory
    Stream<DynamicTest> everyCasePassesWithWeightsAsStored() throws Exception {
        Map<String, KindRunner> runners = KindRunners.all();
        List<DynamicTest> tests = new ArrayList<>();
        try (GoldenContext ctx = new GoldenContext(null)) {
            for (GoldenCase c : cases(KINDS)) {
                tests.add(passes(c, runners.get(c.kind()).run(c, ctx), null, c.name()));
            }
        }
        return tests.stream();
    }

    /** The published checkpoints are bf16: the same cases on tiny-a-bf16 loaded as stored. */
    @TestFactory
    Stream<DynamicTest> modelCasesPassOnTheBf16Checkpoint() throws Exception {
        Map<String, KindRunner> runners = KindRunners.all();
        List<DynamicTest> tests = new ArrayList<>();
        try (GoldenContext ctx = new GoldenContext(null)) {
            for (GoldenCase c : cases(MODEL_KINDS)) {
                Map<String, String> meta = new HashMap<>(c.metadata());
                meta.put("model", c.modelName() + "-bf16");
                GoldenCase bf16 = new GoldenCase(c.name(), c.kind(), c.file(), c.suiteDir(), meta, c.tensors(),
                        c.tolerance(), c.exact());
                assertThat(bf16.modelDir()).isDirectory();
                tests.add(passes(bf16, runners.get(c.kind()).run(bf16, ctx), DType.BF16, c.name() + " (bf16 stored)"));
            }
        }
        return tests.stream();
    }

    /** A generator used as generation's noise source draws exactly what the original's generate() drew. */
    @TestFactory
    Stream<DynamicTest> generatorReplaysTheDrawsOfSeededGeneration() {
        return cases(Set.of("generate_seeded")).stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            NoiseSource noise = new TorchGenerator(c.in("seed").getLong(0));
            List<float[]> drawn = new ArrayList<>();
            for (Object o : (List<?>) c.metaJson("draw_info")) {
                Map<?, ?> d = (Map<?, ?>) o;
                int[] shape = ((List<?>) d.get("shape")).stream().mapToInt(x -> ((Number) x).intValue()).toArray();
                float[] v = new float[NoiseSource.numel(shape)];
                if (d.get("memory_order") instanceof List<?> order) {
                    noise.normalLike(v, 0, shape, order.stream().mapToInt(x -> ((Number) x).intValue()).toArray());
                } else {
                    noise.normal(v, 0, v.length);
                }
                drawn.add(v);
            }
            float[] expected = c.expected("draws").toFloats();
            float[] all = new float[expected.length];
            int at = 0;
            for (float[] v : drawn) {
                System.arraycopy(v, 0, all, at, v.length);
                at += v.length;
            }
            assertThat(at).isEqualTo(expected.length);
            assertThat(all).containsExactly(expected);
        }));
    }
}
