package org.vibevoice.cli;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.vibevoice.golden.CaseResult;
import org.vibevoice.golden.GoldenSuite;
import org.vibevoice.golden.GoldenVerifier;
import org.vibevoice.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify-golden", description = "Run golden fixture cases and compare with their tolerances.")
final class VerifyGoldenCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "fixture directory (manifest.json, cases/, models/, data/)")
    Path dir;

    @Option(names = "--kind", description = "only cases of this kind (repeatable)")
    List<String> kinds = List.of();

    @Option(names = "--dtype", description = "weight precision: f32 (default), f16 or bf16")
    String dtype = "f32";

    @Override
    public Integer call() throws Exception {
        DType d = DType.parsePrecision(dtype);
        Set<String> selected = new LinkedHashSet<>(kinds);
        List<CaseResult> results;
        try (GoldenSuite suite = GoldenSuite.open(dir)) {
            results = new GoldenVerifier().verify(suite, selected, d, r -> {
                System.out.println(r.line());
                System.out.flush();
            });
        }
        long passed = results.stream().filter(CaseResult::passed).count();
        long failed = results.size() - passed;
        System.out.println(passed + " passed, " + failed + " failed");
        return failed == 0 && !results.isEmpty() ? 0 : 1;
    }
}
