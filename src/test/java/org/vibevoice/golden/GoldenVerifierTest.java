package org.vibevoice.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vibevoice.safetensors.SafetensorsWriter;
import org.vibevoice.safetensors.TensorSource;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Tensor;

class GoldenVerifierTest {
    @TempDir
    Path dir;

    /** A made-up kind: out.doubled = 2 × in.x, out.count = number of elements (exact). */
    private static final class DoublingRunner implements KindRunner {
        final float bias;

        DoublingRunner(float bias) {
            this.bias = bias;
        }

        public String kind() {
            return "doubling";
        }

        public CaseOutputs run(GoldenCase c, GoldenContext ctx) {
            float[] x = c.in("x").toFloats();
            float[] y = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = 2 * x[i] + bias;
            }
            return new CaseOutputs().put("doubled", y).put("count", new long[] {x.length});
        }
    }

    private void writeCase(String file, String kind) {
        try (Arena a = Arena.ofConfined()) {
            Tensor x = Tensor.ofFloats("in.x", new float[] {1, 2, 3}, a, 3);
            Tensor y = Tensor.ofFloats("out.doubled", new float[] {2, 4, 6}, a, 3);
            java.lang.foreign.MemorySegment c = a.allocate(8);
            c.set(Tensor.I64, 0, 3L);
            Tensor count = new Tensor("out.count", DType.I64, new long[] {1}, c);
            Files.createDirectories(dir.resolve("cases"));
            SafetensorsWriter.write(dir.resolve("cases").resolve(file),
                    List.of(TensorSource.of(x), TensorSource.of(y), TensorSource.of(count)),
                    Map.of("kind", kind, "model", "none", "tolerance", "{\"doubled\": 1e-3}", "exact", "[\"count\"]"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<CaseResult> run(KindRunner runner) throws Exception {
        List<CaseResult> out = new ArrayList<>();
        try (GoldenSuite suite = GoldenSuite.open(dir)) {
            new GoldenVerifier(Map.of(runner.kind(), runner)).verify(suite, Set.of(), null, out::add);
        }
        return out;
    }

    @Test
    void passesWithinToleranceWithoutAManifestAndWithoutCaseNames() throws Exception {
        writeCase("anything-at-all.safetensors", "doubling");
        List<CaseResult> r = run(new DoublingRunner(5e-4f));
        assertThat(r).hasSize(1);
        assertThat(r.get(0).status()).isEqualTo(CaseResult.Status.PASS);
        assertThat(r.get(0).maxError()).isCloseTo(5e-4, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void failsBeyondToleranceAndReportsNotImplementedKinds() throws Exception {
        writeCase("a.safetensors", "doubling");
        writeCase("b.safetensors", "unknown_kind");
        List<CaseResult> r = run(new DoublingRunner(2e-3f));
        assertThat(r).extracting(CaseResult::status)
                .containsExactly(CaseResult.Status.FAIL, CaseResult.Status.NOT_IMPLEMENTED);
        assertThat(r.get(0).detail()).contains("doubled err");
        assertThat(r.get(1).line()).contains("NOT IMPLEMENTED");
    }

    @Test
    void anExactOutputMustMatchExactly() throws Exception {
        writeCase("a.safetensors", "doubling");
        KindRunner wrongCount = new KindRunner() {
            public String kind() {
                return "doubling";
            }

            public CaseOutputs run(GoldenCase c, GoldenContext ctx) {
                return new CaseOutputs().put("doubled", new float[] {2, 4, 6}).put("count", new long[] {4});
            }
        };
        List<CaseResult> r = run(wrongCount);
        assertThat(r.get(0).status()).isEqualTo(CaseResult.Status.FAIL);
        assertThat(r.get(0).detail()).contains("count differs (1 elements)");
    }

    @Test
    void aMissingOutputFails() throws Exception {
        writeCase("a.safetensors", "doubling");
        KindRunner partial = new KindRunner() {
            public String kind() {
                return "doubling";
            }

            public CaseOutputs run(GoldenCase c, GoldenContext ctx) {
                return new CaseOutputs().put("doubled", new float[] {2, 4, 6});
            }
        };
        assertThat(run(partial).get(0).detail()).contains("count not computed");
    }
}
