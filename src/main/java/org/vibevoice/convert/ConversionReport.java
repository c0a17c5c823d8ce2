package org.vibevoice.convert;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vibevoice.tensor.DType;

/**
 * What a conversion did: every tensor's decision, the memory analysis, the files written, and the
 * comparison of both checkpoints when one was asked for. Written beside the weights as
 * {@code conversion_report.json} and {@code conversion_report.txt}.
 *
 * @param torchDtype the {@code torch_dtype} written to config.json: the dtype holding most bytes
 * @param outputBytes size of every file in the output directory
 * @param test the {@code --test_conversion} comparison, or null
 */
public record ConversionReport(Path input, Path output, DType target, String policy, List<TensorDecision> tensors,
        MemoryAnalysis memory, List<String> files, String torchDtype, long outputBytes, double seconds,
        ConversionTest.Result test) {
    public static final String JSON = "conversion_report.json";
    public static final String TEXT = "conversion_report.txt";

    /** True unless a conversion test ran and failed. */
    public boolean passed() {
        return test == null || test.passed();
    }

    public List<TensorDecision> fallbacks() {
        return tensors.stream().filter(t -> t.fallback() != null).toList();
    }

    ConversionReport withTest(ConversionTest.Result t) {
        return new ConversionReport(input, output, target, policy, tensors, memory, files, torchDtype, outputBytes,
                seconds, t);
    }

    ConversionReport withOutput(long bytes, double secs) {
        return new ConversionReport(input, output, target, policy, tensors, memory, files, torchDtype, bytes, secs, test);
    }

    /** Tensor counts by (stored → written) dtype and reason. */
    private Map<String, Integer> decisions() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (TensorDecision t : tensors) {
            String key = TensorDecision.lower(t.stored()) + " -> " + TensorDecision.lower(t.written()) + " ("
                    + (t.fallback() != null ? "fallback" : t.why()) + ")";
            counts.merge(key, 1, Integer::sum);
        }
        return counts;
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "converted %s -> %s (%s), %d tensors, %.1f s%n", input, output, policy,
                tensors.size(), seconds));
        for (Map.Entry<String, Integer> e : decisions().entrySet()) {
            sb.append(String.format(Locale.ROOT, "  %5d  %s%n", e.getValue(), e.getKey()));
        }
        for (TensorDecision t : fallbacks()) {
            sb.append("  kept as stored: ").append(t.name()).append(": ").append(t.fallback()).append('\n');
        }
        sb.append(memory.render());
        sb.append(String.format(Locale.ROOT, "files: %s (%s on disk), config.json torch_dtype %s%n",
                String.join(", ", files), ByteSize.format(outputBytes), torchDtype));
        if (test != null) {
            sb.append(test.render());
        }
        return sb.toString();
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", input.toString());
        m.put("output", output.toString());
        m.put("target", TensorDecision.lower(target));
        m.put("policy", policy);
        m.put("torch_dtype", torchDtype);
        m.put("seconds", MemoryAnalysis.round(seconds));
        m.put("files", files);
        m.put("output_bytes", outputBytes);
        m.put("memory", memory.toJson());
        m.put("decisions", decisions());
        List<Object> list = new ArrayList<>();
        for (TensorDecision t : tensors) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", t.name());
            e.put("component", t.component().label());
            List<Long> shape = new ArrayList<>();
            for (long d : t.shape()) {
                shape.add(d);
            }
            e.put("shape", shape);
            e.put("stored", TensorDecision.lower(t.stored()));
            e.put("written", TensorDecision.lower(t.written()));
            e.put("reason", t.why());
            e.put("bytes_before", t.bytesBefore());
            e.put("bytes_after", t.bytesAfter());
            list.add(e);
        }
        m.put("tensors", list);
        if (test != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("passed", test.passed());
            t.put("min_latent_cosine", ConversionTest.minCosine(target));
            t.put("min_audio_snr_db", ConversionTest.minSnrDb(target));
            t.put("rows", test.toJson());
            m.put("test", t);
        }
        return m;
    }
}
