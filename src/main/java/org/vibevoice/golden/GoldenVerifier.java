package org.vibevoice.golden;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.golden.CaseResult.Status;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Tensor;

/** Runs fixture cases through their kind runners and compares every output with its tolerance. */
public final class GoldenVerifier {
    private final Map<String, KindRunner> runners;

    public GoldenVerifier(Map<String, KindRunner> runners) {
        this.runners = runners;
    }

    public GoldenVerifier() {
        this(KindRunners.all());
    }

    /**
     * Verifies every case of {@code suite} whose kind is in {@code kinds} (all when empty), reporting
     * each result as it is made.
     */
    public List<CaseResult> verify(GoldenSuite suite, Set<String> kinds, DType dtype, Consumer<CaseResult> onResult)
            throws Exception {
        try (GoldenContext ctx = new GoldenContext(dtype)) {
            return verifyIn(ctx, suite, kinds, onResult);
        }
    }

    /** As {@link #verify(GoldenSuite, Set, DType, Consumer)} in a given context (load options, model redirection). */
    public List<CaseResult> verifyIn(GoldenContext ctx, GoldenSuite suite, Set<String> kinds, Consumer<CaseResult> onResult) {
        List<CaseResult> results = new ArrayList<>();
        for (GoldenSuite.Entry e : suite.entries()) {
            CaseResult r = verifyOne(suite, e, kinds, ctx);
            if (r != null) {
                results.add(r);
                onResult.accept(r);
            }
        }
        return results;
    }

    private CaseResult verifyOne(GoldenSuite suite, GoldenSuite.Entry e, Set<String> kinds, GoldenContext ctx) {
        GoldenCase c;
        try {
            c = suite.load(e);
        } catch (VibeVoiceException ex) {
            return new CaseResult(e.name(), String.valueOf(e.kind()), Status.FAIL, Double.NaN, Double.NaN, ex.getMessage());
        }
        if (!kinds.isEmpty() && !kinds.contains(c.kind())) {
            return null;
        }
        KindRunner runner = runners.get(c.kind());
        if (runner == null) {
            return new CaseResult(c.name(), c.kind(), Status.NOT_IMPLEMENTED, Double.NaN, Double.NaN, "");
        }
        CaseOutputs out;
        try {
            out = runner.run(c, ctx);
        } catch (Exception | Error ex) {
            String msg = ex instanceof VibeVoiceException ? ex.getMessage() : ex.toString();
            return new CaseResult(c.name(), c.kind(), Status.FAIL, Double.NaN, Double.NaN, "error: " + msg);
        }
        return compare(c, out, ctx.dtype());
    }

    /** Compares computed outputs with every expected output of the case. */
    public static CaseResult compare(GoldenCase c, CaseOutputs out, DType dtype) {
        double worstRatio = -1;
        double worstErr = 0;
        double worstTol = 0;
        List<String> problems = new ArrayList<>();
        for (String name : c.outputNames()) {
            Tensor expected = c.expected(name);
            boolean exact = c.exact().contains(name);
            if (!out.has(name)) {
                problems.add(name + " not computed");
                continue;
            }
            if (out.floats(name) == null ? out.integers(name).length != expected.numel()
                    : out.floats(name).length != expected.numel()) {
                problems.add(name + " has the wrong size");
                continue;
            }
            double err = maxError(expected, out, name);
            double tol;
            if (exact) {
                tol = 0;
            } else {
                Double fixtureTol = c.tolerance().get(name);
                if (fixtureTol == null) {
                    problems.add(name + " has no tolerance in the fixture");
                    continue;
                }
                tol = PrecisionTolerances.of(c.kind(), dtype, fixtureTol, maxAbs(expected));
            }
            double ratio = tol == 0 ? (err == 0 ? 0 : Double.POSITIVE_INFINITY) : err / tol;
            if (!(err <= tol)) {
                problems.add(name + (exact ? " differs (" + mismatches(expected, out, name) + " elements)"
                        + explanation(expected, out, name) : String.format(" err %.3g > tol %.3g", err, tol)));
            }
            if (ratio > worstRatio || Double.isNaN(ratio)) {
                worstRatio = Double.isNaN(ratio) ? Double.POSITIVE_INFINITY : ratio;
                worstErr = err;
                worstTol = tol;
            }
        }
        Status st = problems.isEmpty() ? Status.PASS : Status.FAIL;
        return new CaseResult(c.name(), c.kind(), st, worstErr, worstTol, String.join("; ", problems));
    }

    private static double maxError(Tensor expected, CaseOutputs out, String name) {
        float[] f = out.floats(name);
        long[] l = out.integers(name);
        double max = 0;
        long n = expected.numel();
        for (long i = 0; i < n; i++) {
            double got = f != null ? f[(int) i] : l[(int) i];
            double want = expected.dtype().isFloat() ? expected.getFloat(i) : expected.getLong(i);
            double d = Math.abs(got - want);
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            max = Math.max(max, d);
        }
        return max;
    }

    /** ": " + the runner's diagnosis of the first differing element, or "". */
    private static String explanation(Tensor expected, CaseOutputs out, String name) {
        float[] f = out.floats(name);
        long[] l = out.integers(name);
        for (long i = 0; i < expected.numel(); i++) {
            double got = f != null ? f[(int) i] : l[(int) i];
            double want = expected.dtype().isFloat() ? expected.getFloat(i) : expected.getLong(i);
            if (got != want) {
                String why = out.explanation(name, (int) i);
                return why == null ? "" : ": " + why;
            }
        }
        return "";
    }

    private static long mismatches(Tensor expected, CaseOutputs out, String name) {
        float[] f = out.floats(name);
        long[] l = out.integers(name);
        long count = 0;
        for (long i = 0; i < expected.numel(); i++) {
            double got = f != null ? f[(int) i] : l[(int) i];
            double want = expected.dtype().isFloat() ? expected.getFloat(i) : expected.getLong(i);
            if (got != want) {
                count++;
            }
        }
        return count;
    }

    static double maxAbs(Tensor t) {
        double m = 0;
        if (!t.dtype().isFloat()) {
            return 0;
        }
        for (long i = 0; i < t.numel(); i++) {
            m = Math.max(m, Math.abs(t.getFloat(i)));
        }
        return m;
    }
}
