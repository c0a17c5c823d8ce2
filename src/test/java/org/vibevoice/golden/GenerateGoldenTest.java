package org.vibevoice.golden;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The processor and the whole generation loop against the fixtures (f32). */
class GenerateGoldenTest {
    @TestFactory
    Stream<DynamicTest> processorCases() throws Exception {
        return GoldenFixtures.cases(null, "processor");
    }

    @TestFactory
    Stream<DynamicTest> generateCasesWithInjectedAndSeededNoise() throws Exception {
        return GoldenFixtures.cases(null, "generate", "generate_seeded");
    }
}
