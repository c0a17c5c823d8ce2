package org.vibevoice.convert;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.vibevoice.generate.VibeVoiceModel;
import org.vibevoice.golden.PrecisionTolerances;
import org.vibevoice.model.LoadOptions;
import org.vibevoice.tensor.DType;

/**
 * {@code --test_conversion}: loads the original and the converted checkpoint (one after the other,
 * each as stored) and compares them for real: every module on fixed deterministic inputs, then a
 * short generation with the same voice and the same seeded noise.
 *
 * <p>Thresholds: a module passes when max|Δ| / max(1, max|original|) is within the 16-bit golden
 * tolerance of its fixture kind ({@link PrecisionTolerances}, measured on the fixtures' tiny
 * model). The generation passes when every token is equal, the latents' cosine similarity is at
 * least {@link #minCosine} and the audio's SNR at least {@link #minSnrDb} (see the README for the
 * values measured on tiny-a that these bounds leave room for).
 */
public final class ConversionTest {
    /** One comparison: what, the measured value, the bound, and whether it holds. */
    public record Row(String check, String metric, double value, double bound, boolean passed, String note) {
        String line() {
            return String.format(Locale.ROOT, "  %-20s %-26s %12.4g %12.4g  %s%s", check, metric, value, bound,
                    passed ? "PASS" : "FAIL", note == null ? "" : "  " + note);
        }
    }

    /** Every row; the test passes when all do. */
    public record Result(DType target, List<Row> rows) {
        public boolean passed() {
            return rows.stream().allMatch(Row::passed);
        }

        public String render() {
            StringBuilder sb = new StringBuilder("conversion test (original vs converted, same inputs and noise)\n");
            sb.append(String.format(Locale.ROOT, "  %-20s %-26s %12s %12s  %s%n", "check", "metric", "value", "bound", "result"));
            for (Row r : rows) {
                sb.append(r.line()).append('\n');
            }
            sb.append("  ").append(passed() ? "PASSED" : "FAILED").append('\n');
            return sb.toString();
        }

        List<Object> toJson() {
            List<Object> out = new ArrayList<>();
            for (Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("check", r.check());
                m.put("metric", r.metric());
                m.put("value", Double.isFinite(r.value()) ? r.value() : String.valueOf(r.value()));
                m.put("bound", r.bound());
                m.put("passed", r.passed());
                if (r.note() != null) {
                    m.put("note", r.note());
                }
                out.add(m);
            }
            return out;
        }
    }

    /** The fixture kind whose 16-bit tolerance bounds each module output. */
    private static final Map<String, String> KINDS = Map.of(
            "lm_hidden", "lm_prefill",
            "lm_logits", "lm_prefill",
            "diffusion_head", "diffusion_head",
            "acoustic_encode", "acoustic_encode",
            "semantic_encode", "semantic_encode",
            "acoustic_decode", "acoustic_decode",
            "acoustic_connector", "acoustic_connector",
            "semantic_connector", "semantic_connector");

    private ConversionTest() {
    }

    /**
     * Smallest cosine similarity between original and converted latents that passes. Measured on
     * the fixtures' generate cases (tiny-a, 3–9 frames): f16 ≥ 0.999999, bf16 ≥ 0.99995; the
     * bounds leave room for the drift of a longer feedback loop on a real model.
     */
    public static double minCosine(DType target) {
        return target == DType.F16 ? 0.999 : 0.99;
    }

    /**
     * Smallest audio SNR (dB, original as signal, difference as noise) that passes. Measured on the
     * same cases: f16 58.5–60.7 dB, bf16 40.2–44.4 dB; the bounds are 30 and 20 dB below.
     */
    public static double minSnrDb(DType target) {
        return target == DType.F16 ? 30 : 20;
    }

    /**
     * Compares {@code original} and {@code converted} with a voice (null: {@link TestSignals#voice},
     * 3 s) generating {@code tokens} tokens; {@code target} selects the bounds.
     */
    public static Result run(Path original, Path converted, DType target, float[] voice, int tokens,
            Consumer<String> log) {
        ModuleProbe.Outputs a;
        ModuleProbe.Outputs b;
        log.accept("test: running the original checkpoint " + original);
        try (VibeVoiceModel m = VibeVoiceModel.loadWith(original, LoadOptions.DEFAULTS)) {
            float[] v = voice != null ? voice : TestSignals.voice(m.sampleRate(), 3 * m.sampleRate(), 7);
            a = ModuleProbe.run(m, v, tokens);
            voice = v;
        }
        log.accept("test: running the converted checkpoint " + converted);
        try (VibeVoiceModel m = VibeVoiceModel.loadWith(converted, LoadOptions.DEFAULTS)) {
            b = ModuleProbe.run(m, voice, tokens);
        }
        return compare(a, b, target);
    }

    static Result compare(ModuleProbe.Outputs a, ModuleProbe.Outputs b, DType target) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, float[]> e : a.modules().entrySet()) {
            float[] want = e.getValue();
            float[] got = b.modules().get(e.getKey());
            double scale = Math.max(1, maxAbs(want));
            double rel = maxAbsDiff(want, got) / scale;
            double bound = PrecisionTolerances.relative(KINDS.get(e.getKey()), target);
            rows.add(new Row(e.getKey(), "max|Δ|/max(1,max|ref|)", rel, bound, rel <= bound,
                    String.format(Locale.ROOT, "max|Δ| %.3g", rel * scale)));
        }
        int firstDiff = firstDifference(a.tokens(), b.tokens());
        rows.add(new Row("generation", "tokens differing", firstDiff < 0 ? 0 : countDifferences(a.tokens(), b.tokens()),
                0, firstDiff < 0, firstDiff < 0 ? a.tokens().length + " tokens equal" : decision(a, b, firstDiff)));
        double cos = cosine(a.latents(), b.latents());
        rows.add(new Row("generation", "latent cosine similarity", cos, minCosine(target), cos >= minCosine(target),
                Math.min(a.frames(), b.frames()) + " frames"));
        double snr = snrDb(a.audio(), b.audio());
        rows.add(new Row("generation", "audio SNR dB", snr, minSnrDb(target), snr >= minSnrDb(target),
                Math.min(a.audio().length, b.audio().length) + " samples"));
        return new Result(target, List.copyOf(rows));
    }

    private static String decision(ModuleProbe.Outputs a, ModuleProbe.Outputs b, int step) {
        if (step >= a.logits().size() || step >= b.logits().size()) {
            return "lengths differ: " + a.tokens().length + " vs " + b.tokens().length + " tokens";
        }
        return String.format(Locale.ROOT, "first at step %d: %d vs %d; top-two logit margin %.2e original, %.2e converted",
                step, a.tokens()[step], b.tokens()[step], margin(a.logits().get(step)), margin(b.logits().get(step)));
    }

    /** Largest minus second largest value. */
    static double margin(float[] l) {
        float[] s = l.clone();
        java.util.Arrays.sort(s);
        return s[s.length - 1] - s[s.length - 2];
    }

    private static int firstDifference(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return a.length == b.length ? -1 : n;
    }

    private static int countDifferences(int[] a, int[] b) {
        int n = Math.abs(a.length - b.length);
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                n++;
            }
        }
        return n;
    }

    static double maxAbs(float[] x) {
        double m = 0;
        for (float v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            if (!(d <= m)) {
                m = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
            }
        }
        return m;
    }

    /** Cosine similarity over the common prefix (1 when both are empty). */
    static double cosine(float[] a, float[] b) {
        int n = Math.min(a.length, b.length);
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < n; i++) {
            ab += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        if (aa == 0 && bb == 0) {
            return 1;
        }
        return ab / Math.sqrt(aa * bb);
    }

    /** 10·log10(Σa² / Σ(a−b)²) over the common prefix; +∞ when equal. */
    static double snrDb(float[] a, float[] b) {
        int n = Math.min(a.length, b.length);
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < n; i++) {
            signal += (double) a[i] * a[i];
            double d = (double) a[i] - b[i];
            noise += d * d;
        }
        return noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
    }
}
