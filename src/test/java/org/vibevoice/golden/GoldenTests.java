package org.vibevoice.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.vibevoice.tensor.DType;

/**
 * Runs the shared fixture cases of some kinds as JUnit dynamic tests, one per case. The fixture
 * directory comes from VIBEVOICE_GOLDEN (default ../shared/golden). When it is absent the tests are
 * skipped with a message, unless VIBEVOICE_REQUIRE_GOLDEN is set (CI), where absence fails.
 */
public final class GoldenTests {
    private GoldenTests() {
    }

    public static Path fixtureDir() {
        Path dir = Path.of(System.getenv().getOrDefault("VIBEVOICE_GOLDEN", "../shared/golden"));
        boolean present = Files.isRegularFile(dir.resolve("manifest.json"));
        if (System.getenv("VIBEVOICE_REQUIRE_GOLDEN") != null) {
            assertThat(present).as("golden fixtures required at " + dir.toAbsolutePath()).isTrue();
        }
        Assumptions.assumeTrue(present, "golden fixtures not found at " + dir.toAbsolutePath() + "; skipping parity");
        return dir;
    }

    /** One dynamic test per case of the given kinds; each must PASS. At least one case must exist. */
    public static Stream<DynamicTest> cases(DType dtype, String... kinds) throws Exception {
        Path dir = fixtureDir();
        List<CaseResult> results = new ArrayList<>();
        try (GoldenSuite suite = GoldenSuite.open(dir)) {
            new GoldenVerifier().verify(suite, Set.of(kinds), dtype, results::add);
        }
        assertThat(results).as("cases of kinds " + List.of(kinds)).isNotEmpty();
        return results.stream().map(r -> DynamicTest.dynamicTest(r.name() + " [" + dtype + "]",
                () -> assertThat(r.status()).as(r.line()).isEqualTo(CaseResult.Status.PASS)));
    }
}
