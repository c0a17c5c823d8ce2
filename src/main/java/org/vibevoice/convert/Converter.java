package org.vibevoice.convert;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.model.Component;
import org.vibevoice.model.Narrowing;
import org.vibevoice.model.PrecisionPolicy;
import org.vibevoice.safetensors.Checkpoint;
import org.vibevoice.safetensors.AtomicFiles;
import org.vibevoice.safetensors.SafetensorsWriter;
import org.vibevoice.safetensors.TensorSource;
import org.vibevoice.tensor.Convert;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Tensor;

/**
 * Converts a VibeVoice checkpoint directory to f16 or bf16 weights: a Hugging Face-compatible
 * directory (safetensors shards and index, config.json with its {@code torch_dtype}, the
 * preprocessor and tokenizer files) with the same tensor names and shapes, plus a conversion
 * report. Each tensor's precision follows the {@link PrecisionPolicy} of the options (the same
 * rules {@code --dtype} loading uses) and the {@link Narrowing} range check. Tensors are streamed
 * one at a time from the mapped input to the mapped output; the input is never modified.
 *
 * <pre>{@code
 * ConversionReport r = Converter.convert(Path.of("VibeVoice-1.5B"), Path.of("VibeVoice-1.5B-f16"),
 *         ConvertOptions.to(DType.F16).withTestConversion(true));
 * System.out.print(r.render());
 * }</pre>
 */
public final class Converter {
    /** Files of the input that are rewritten or replaced, not copied. */
    private static final List<String> NOT_COPIED = List.of("config.json", Checkpoint.INDEX, ConversionReport.JSON,
            ConversionReport.TEXT);

    private static final Pattern TORCH_DTYPE = Pattern.compile("(\"torch_dtype\"\\s*:\\s*)(\"[^\"]*\"|null)");

    private Converter() {
    }

    public static ConversionReport convert(Path input, Path output, ConvertOptions options) {
        return convert(input, output, options, null, line -> { });
    }

    /**
     * Converts {@code input} into {@code output}; progress, fallbacks and (verbose) per-tensor lines
     * go to {@code log}. {@code testVoice} is the voice of the conversion test (null: a synthetic one).
     */
    public static ConversionReport convert(Path input, Path output, ConvertOptions options, float[] testVoice,
            Consumer<String> log) {
        checkInput(input);
        long t0 = System.nanoTime();
        OutputDirectory out = OutputDirectory.prepare(input, output, options.force());
        try {
            ConversionReport report = write(input, out, options, log);
            if (options.testConversion()) {
                report = report.withTest(ConversionTest.run(input, out.temp(), options.target(), testVoice,
                        options.testTokens(), log));
            }
            report = report.withOutput(directoryBytes(out.temp()), (System.nanoTime() - t0) / 1e9);
            SafetensorsWriter.writeJson(out.temp().resolve(ConversionReport.JSON), report.toJson());
            AtomicFiles.write(out.temp().resolve(ConversionReport.TEXT),
                    report.render().getBytes(StandardCharsets.UTF_8));
            out.publish();
            return report;
        } catch (IOException e) {
            out.discard();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            out.discard();
            throw e;
        }
    }

    private static void checkInput(Path input) {
        if (!Files.isDirectory(input)) {
            throw new VibeVoiceException(input + ": input model directory does not exist");
        }
        if (!Files.isRegularFile(input.resolve("config.json"))) {
            throw new VibeVoiceException(input + ": no config.json (not a VibeVoice model directory)");
        }
        if (!Checkpoint.hasWeights(input)) {
            throw new VibeVoiceException(input + ": no model.safetensors or model.safetensors.index.json (no weights)");
        }
    }

    /** Decides, writes the weights, config and side files into the temporary directory; the report without test. */
    private static ConversionReport write(Path input, OutputDirectory out, ConvertOptions options, Consumer<String> log)
            throws IOException {
        PrecisionPolicy policy = options.policy();
        List<TensorDecision> decisions = new ArrayList<>();
        List<TensorSource> sources = new ArrayList<>();
        List<String> files;
        try (Checkpoint ck = Checkpoint.open(input)) {
            boolean tied = !ck.contains("lm_head.weight");
            for (Tensor t : ck.tensors().values()) {
                TensorDecision d = decide(t, policy, tied);
                if (d.fallback() != null) {
                    log.accept("keeping " + t.name() + " in " + TensorDecision.lower(d.stored()) + ": " + d.fallback());
                }
                if (options.verbose()) {
                    log.accept(d.line());
                }
                decisions.add(d);
                sources.add(source(ck, t, d.written()));
            }
            log.accept("writing " + decisions.size() + " tensors to " + out.output());
            files = new ArrayList<>(SafetensorsWriter.writeSharded(out.temp(), sources, options.maxShardBytes(),
                    Map.of("format", "pt")));
        }
        if (files.size() > 1) {
            files.add(Checkpoint.INDEX);
        }
        String torchDtype = torchDtype(decisions);
        writeConfig(input.resolve("config.json"), out.temp().resolve("config.json"), torchDtype);
        files.add("config.json");
        files.addAll(copySideFiles(input, out.temp()));
        return new ConversionReport(input, out.output(), options.target(), policy.describe(), List.copyOf(decisions),
                MemoryAnalysis.of(decisions), List.copyOf(files), torchDtype, 0, 0, null);
    }

    static TensorDecision decide(Tensor t, PrecisionPolicy policy, boolean tied) {
        PrecisionPolicy.Choice c = policy.choose(t.name(), t.dtype(), t.rank(), tied);
        DType written = c.dtype();
        String fallback = null;
        if (PrecisionPolicy.narrows(t.dtype(), written)) {
            Narrowing.Check check = Narrowing.check(t, written);
            if (!check.fits()) {
                fallback = check.reason();
                written = t.dtype();
            }
        }
        return new TensorDecision(t.name(), Component.of(t.name()), t.shape(), t.dtype(), written, c.rule(), fallback);
    }

    /** Writes {@code t} as {@code dtype}, releasing the input's mapped pages once copied. */
    private static TensorSource source(Checkpoint ck, Tensor t, DType dtype) {
        return new TensorSource() {
            public String name() {
                return t.name();
            }

            public DType dtype() {
                return dtype;
            }

            public long[] shape() {
                return t.shape();
            }

            public void fill(MemorySegment dst) {
                Convert.copy(t.dtype(), t.data(), dtype, dst, t.numel());
                ck.release(t);
            }
        };
    }

    /** The torch name of the dtype holding most bytes among the float tensors written. */
    static String torchDtype(List<TensorDecision> decisions) {
        Map<DType, Long> bytes = new EnumMap<>(DType.class);
        for (TensorDecision d : decisions) {
            if (d.written().isFloat()) {
                bytes.merge(d.written(), d.bytesAfter(), Long::sum);
            }
        }
        DType top = bytes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(DType.F32);
        return switch (top) {
            case F16 -> "float16";
            case BF16 -> "bfloat16";
            default -> "float32";
        };
    }

    /**
     * config.json with every {@code torch_dtype} (top level and sub-configs) set to
     * {@code torchDtype}, edited in the text so everything else stays byte for byte; one is added at
     * the top when the config has none there.
     */
    private static void writeConfig(Path from, Path to, String torchDtype) throws IOException {
        String text = Files.readString(from);
        Map<String, Object> cfg;
        try {
            cfg = JSON.std.mapFrom(text);
        } catch (IOException | RuntimeException e) {
            throw new VibeVoiceException(from + ": not well-formed JSON");
        }
        String value = "\"" + torchDtype + "\"";
        text = TORCH_DTYPE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + value));
        if (!cfg.containsKey("torch_dtype")) {
            int brace = text.indexOf('{');
            text = text.substring(0, brace + 1) + "\n  \"torch_dtype\": " + value + "," + text.substring(brace + 1);
        }
        AtomicFiles.write(to, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Copies every other visible top-level file (preprocessor config, tokenizer files, README, …);
     * returns their names.
     */
    private static List<String> copySideFiles(Path input, Path dir) throws IOException {
        List<String> copied = new ArrayList<>();
        try (Stream<Path> list = Files.list(input)) {
            for (Path p : list.sorted().toList()) {
                String name = p.getFileName().toString();
                if (!Files.isRegularFile(p) || name.startsWith(".") || name.endsWith(".safetensors")
                        || NOT_COPIED.contains(name)) {
                    continue;
                }
                try (var in = Files.newInputStream(p)) {
                    Files.copy(in, dir.resolve(name)); // the content only: the output's files are the user's
                }
                AtomicFiles.syncFile(dir.resolve(name));
                copied.add(name);
            }
        }
        return copied;
    }

    private static long directoryBytes(Path dir) throws IOException {
        long n = 0;
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                n += Files.size(p);
            }
        }
        return n;
    }
}
