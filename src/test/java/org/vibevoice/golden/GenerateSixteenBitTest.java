package org.vibevoice.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.vibevoice.tensor.DType;

/**
 * The whole generation loop with weights converted to f16 and bf16 at load, at the measured 16-bit
 * tolerances, tokens exact. f16 passes every case. With bf16 a case may only fail on a token
 * decided by a logit margin smaller than the LM's bf16 logit error bound (a near-tie 16-bit weights
 * cannot decide as f32 does; see the README), and on nothing else.
 */
class GenerateSixteenBitTest {
    private static final Set<String> KINDS = Set.of("generate", "generate_seeded");
    private static final Pattern MARGIN = Pattern.compile(
            "^sequences differs \\(1 elements\\): step \\d+ chose \\w+ over the expected \\w+ by a logit margin of (\\S+) ");

    @TestFactory
    Stream<DynamicTest> f16PassesEveryGenerateCase() throws Exception {
        return GoldenFixtures.cases(DType.F16, "generate", "generate_seeded");
    }

    @Test
    void bf16FailsOnlyOnNearTiesBelowTheLogitErrorBound() throws Exception {
        List<CaseResult> results = GoldenFixtures.verify(KINDS, DType.BF16);
        assertThat(results).isNotEmpty();
        double bound = PrecisionTolerances.relative("lm_decode", DType.BF16);
        for (CaseResult r : results) {
            if (r.passed()) {
                continue;
            }
            Matcher m = MARGIN.matcher(r.detail());
            assertThat(m.find()).as("only a one-token near-tie may fail: %s", r.line()).isTrue();
            assertThat(Double.parseDouble(m.group(1))).as(r.line()).isLessThan(bound);
            assertThat(r.detail()).as("nothing but the token may differ").doesNotContain(";");
        }
    }
}
