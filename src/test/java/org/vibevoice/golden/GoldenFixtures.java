package org.vibevoice.golden;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.vibevoice.tensor.DType;

/** The shared fixture directory for Maven tests: env VIBEVOICE_GOLDEN, else ../shared/golden. */
public final class GoldenFixtures {
    private GoldenFixtures() {
    }

    /** The fixture directory, or a skipped test when it is absent and VIBEVOICE_REQUIRE_GOLDEN is unset. */
    public static Path dir() {
        String env = System.getenv("VIBEVOICE_GOLDEN");
        Path dir = Path.of(env != null ? env : "../shared/golden");
        if (!Files.isDirectory(dir)) {
            if (System.getenv("VIBEVOICE_REQUIRE_GOLDEN") != null) {
                throw new AssertionError("golden fixtures required but " + dir + " is missing");
            }
            Assumptions.abort("no golden fixtures at " + dir + " (set VIBEVOICE_GOLDEN)");
        }
        return dir;
    }

    /** Every case of the given kinds, verified at the given precision. */
    static List<CaseResult> verify(Set<String> kinds, DType dtype) throws Exception {
        List<CaseResult> results = new ArrayList<>();
        try (GoldenSuite suite = GoldenSuite.open(dir())) {
            new GoldenVerifier().verify(suite, kinds, dtype, results::add);
        }
        return results;
    }

    /** One dynamic test per case of the given kinds at the given precision; each must PASS, and there must be some. */
    public static java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> cases(DType dtype, String... kinds)
            throws Exception {
        List<CaseResult> results = verify(Set.of(kinds), dtype);
        org.assertj.core.api.Assertions.assertThat(results).as("cases of kinds " + List.of(kinds)).isNotEmpty();
        return results.stream().map(r -> org.junit.jupiter.api.DynamicTest.dynamicTest(r.name() + " [" + dtype + "]",
                () -> org.assertj.core.api.Assertions.assertThat(r.status()).as(r.line()).isEqualTo(CaseResult.Status.PASS)));
    }
}
