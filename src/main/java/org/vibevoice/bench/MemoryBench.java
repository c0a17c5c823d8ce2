package org.vibevoice.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.convert.ConversionReport;
import org.vibevoice.convert.ConvertOptions;
import org.vibevoice.convert.Converter;
import org.vibevoice.convert.TestSignals;
import org.vibevoice.diffusion.DpmSolver;
import org.vibevoice.generate.GenerationListener;
import org.vibevoice.generate.GenerationParams;
import org.vibevoice.generate.Generator;
import org.vibevoice.generate.TokenPolicy;
import org.vibevoice.generate.VibeVoiceModel;
import org.vibevoice.model.CheckpointLayout;
import org.vibevoice.model.LoadOptions;
import org.vibevoice.model.RandomModel;
import org.vibevoice.model.VibeVoiceConfig;
import org.vibevoice.processor.VibeVoiceProcessor;
import org.vibevoice.random.TorchGenerator;
import org.vibevoice.tensor.DType;

/**
 * Resident memory of the whole engine at a real config's sizes: a random-weight bf16 checkpoint
 * ({@link RandomModel}) is written once to disk, then each weight precision runs in a fresh
 * JVM (same java and flags as this one) that loads every module, reads its resident set from
 * /proc (total, file-backed, anonymous), generates a number of frames and reads it again. Also
 * times {@code convert} of the checkpoint to f16 and its output size.
 */
public final class MemoryBench {
    /** Marks a completely written random checkpoint (written last). */
    private static final String COMPLETE = ".complete";

    private MemoryBench() {
    }

    /** One child run: the JSON line it prints. */
    public record Run(String dtype, double loadSeconds, long rssLoad, long fileLoad, long anonLoad, double genSeconds,
            int frames, long rssGen, long fileGen, long anonGen, long peak, long heapGen, long rssGc) {
    }

    public static void run(Path configJson, Path workDir, List<String> dtypes, int frames,
            boolean keep, PrintStream out) {
        VibeVoiceConfig cfg = VibeVoiceConfig.read(configJson);
        Path model = workDir.resolve("random-" + configJson.getParent().getFileName() + "-bf16");
        long weightBytes = CheckpointLayout.of(cfg).bytes(DType.BF16);
        try {
            Files.createDirectories(workDir);
            if (!Files.exists(model.resolve(COMPLETE))) {
                long free = Files.getFileStore(workDir).getUsableSpace();
                if (free < 2.2 * weightBytes) {
                    throw new VibeVoiceException(workDir + ": " + free / 1_000_000_000 + " GB free, the random checkpoint "
                            + "and its f16 conversion need " + 2.2 * weightBytes / 1e9 + " GB");
                }
                long t0 = System.nanoTime();
                RandomModel.write(configJson, DType.BF16, model, 1);
                Files.writeString(model.resolve(COMPLETE), "");
                out.printf(Locale.ROOT, "wrote %s: %.2f GB of bf16 weights in %.1f s%n", model, weightBytes / 1e9,
                        (System.nanoTime() - t0) / 1e9);
            } else {
                out.printf(Locale.ROOT, "using %s (%.2f GB of bf16 weights)%n", model, weightBytes / 1e9);
            }
            List<Run> runs = new ArrayList<>();
            for (String d : dtypes) {
                runs.add(child(model, d, frames));
                out.println(line(runs.get(runs.size() - 1)));
            }
            out.print(table(runs, weightBytes, frames));
            Path converted = workDir.resolve("converted-f16");
            long t0 = System.nanoTime();
            ConversionReport r = Converter.convert(model, converted, ConvertOptions.to(DType.F16).withForce(true));
            out.printf(Locale.ROOT, "convert bf16 -> f16: %.1f s, output %.2f GB (weights %.2f GB -> %.2f GB)%n",
                    (System.nanoTime() - t0) / 1e9, r.outputBytes() / 1e9, r.memory().totalBefore() / 1e9,
                    r.memory().totalAfter() / 1e9);
            delete(converted);
            if (!keep) {
                delete(model);
                out.println("deleted " + model + " (--keep to reuse it)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(Run r) {
        return String.format(Locale.ROOT, "%-5s load %.1f s: rss %.2f GB; %d frames in %.1f s: rss %.2f GB, peak %.2f GB",
                r.dtype(), r.loadSeconds(), r.rssLoad() / 1e9, r.frames(), r.genSeconds(), r.rssGen() / 1e9, r.peak() / 1e9);
    }

    static String table(List<Run> runs, long fileBytes, int frames) {
        Run f32 = runs.stream().filter(r -> r.dtype().equals("f32")).findFirst().orElse(null);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "checkpoint file size %.2f GB (bf16)%n", fileBytes / 1e9));
        sb.append(String.format(Locale.ROOT, "%-5s | %-25s | %-25s | %6s | %6s | %7s | %6s | %s%n", "dtype",
                "load: RSS (file + anon)", frames + " frames: RSS (file + anon)", "heap", "after GC", "peak", "s/frame",
                "RSS / f32 RSS (after GC)"));
        for (Run r : runs) {
            sb.append(String.format(Locale.ROOT, "%-5s | %6.2f (%5.2f + %5.2f) GB | %6.2f (%5.2f + %5.2f) GB | %6.2f | %6.2f | %7.2f | %6.2f | %s%n",
                    r.dtype(), r.rssLoad() / 1e9, r.fileLoad() / 1e9, r.anonLoad() / 1e9, r.rssGen() / 1e9,
                    r.fileGen() / 1e9, r.anonGen() / 1e9, r.heapGen() / 1e9, r.rssGc() / 1e9, r.peak() / 1e9,
                    r.genSeconds() / Math.max(1, r.frames()), f32 == null ? "-" : String.format(Locale.ROOT,
                            "%.3f (%.3f)", (double) r.rssGen() / f32.rssGen(), (double) r.rssGc() / f32.rssGc())));
        }
        return sb.toString();
    }

    /** Runs {@link #measure} in a fresh JVM with this JVM's java binary, flags and class path. */
    private static Run child(Path model, String dtype, int frames) throws IOException {
        String[] last = new String[1];
        ChildJvm.run(List.of("bench", "memory-run", "--model", model.toString(), "--dtype", dtype, "--frames",
                String.valueOf(frames)), l -> last[0] = l);
        if (last[0] == null) {
            throw new VibeVoiceException("memory run of " + dtype + " printed nothing");
        }
        Map<String, Object> m = JSON.std.mapFrom(last[0]);
        return new Run(dtype, num(m, "load_s"), (long) num(m, "rss_load"), (long) num(m, "file_load"),
                (long) num(m, "anon_load"), num(m, "gen_s"), (int) num(m, "frames"), (long) num(m, "rss_gen"),
                (long) num(m, "file_gen"), (long) num(m, "anon_gen"), (long) num(m, "peak"), (long) num(m, "heap_gen"),
                (long) num(m, "rss_gc"));
    }

    private static double num(Map<String, Object> m, String k) {
        return ((Number) m.get(k)).doubleValue();
    }

    /**
     * In this process: loads every module of {@code model} in {@code dtype} ("auto" = as stored),
     * then generates {@code frames} frames from a short script and a 1 s synthetic voice; prints one
     * JSON line of timings and /proc memory.
     */
    public static void measure(Path model, String dtype, int frames, PrintStream out) throws IOException {
        DType d = dtype.equalsIgnoreCase("auto") ? null : DType.parsePrecision(dtype);
        long t0 = System.nanoTime();
        Map<String, Object> m = new LinkedHashMap<>();
        try (VibeVoiceModel vm = VibeVoiceModel.loadWith(model, LoadOptions.of(d))) {
            vm.lm();
            vm.acousticEncoder();
            vm.acousticDecoder();
            vm.semanticEncoder();
            vm.acousticConnector();
            vm.semanticConnector();
            vm.sampler(DpmSolver.Algorithm.DPMSOLVER_PP);
            vm.tokenizer();
            m.put("load_s", (System.nanoTime() - t0) / 1e9);
            m.put("rss_load", ResidentMemory.current());
            m.put("file_load", ResidentMemory.file());
            m.put("anon_load", ResidentMemory.anonymous());
            float[] voice = TestSignals.voice(vm.sampleRate(), vm.sampleRate(), 7);
            var in = vm.processor().process(List.of(new VibeVoiceProcessor.Request(
                    "Speaker 1: Hello, this is a memory test.", List.of(voice))));
            int[] made = {0};
            long t1 = System.nanoTime();
            // random weights never choose speech on their own: every step makes a frame
            new Generator(vm).withTokenPolicy(TokenPolicy.diffuseFrames(frames)).generate(in, GenerationParams.DEFAULTS.withMaxNewTokens(frames), new TorchGenerator(1),
                    new GenerationListener() {
                        @Override
                        public void onAudio(int sample, float[] audio, int offset, int length) {
                            made[0]++;
                        }
                    }, null, Generator.Keep.FRAMES);
            m.put("gen_s", (System.nanoTime() - t1) / 1e9);
            m.put("frames", made[0]);
            m.put("rss_gen", ResidentMemory.current());
            m.put("file_gen", ResidentMemory.file());
            m.put("anon_gen", ResidentMemory.anonymous());
            m.put("peak", ResidentMemory.peak());
            m.put("heap_gen", Runtime.getRuntime().totalMemory());
            // the Vector API's warm-up garbage grows the young generation; a full GC shows the settled size
            System.gc();
            m.put("rss_gc", ResidentMemory.current());
        }
        out.println(JSON.std.asString(m));
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
