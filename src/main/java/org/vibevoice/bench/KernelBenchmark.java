package org.vibevoice.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.vibevoice.tensor.DType;
import org.vibevoice.tensor.Matrix;
import org.vibevoice.tensor.MemoryRead;
import org.vibevoice.tensor.Parallel;
import org.vibevoice.tensor.Simd;

/**
 * Matrix × vector speed at the 1.5B LM shapes for f32, bf16 and f16 weights, as GB/s of weights and
 * as a fraction of the fair memory bound measured in the same repetitions: a pure read of the same
 * bytes in the matmul's own access pattern (4 row streams, the same dynamic chunks,
 * {@link MemoryRead#likeMatmul}). Every probe runs once per repetition, interleaved, each on
 * DRAM-cold slices of a pool far larger than the caches ({@link WeightPool}); medians and the
 * min–max spread over repetitions are reported. The plain streaming read bandwidth of the machine
 * (sequential sum over the whole pool) is measured in the same repetitions too.
 */
public final class KernelBenchmark {
    /** Shapes [rows][cols] of the VibeVoice-1.5B decoder (hidden 1536, intermediate 8960, vocab 151936). */
    public static final List<Shape> SHAPES = List.of(
            new Shape("q/o proj", 1536, 1536),
            new Shape("gate/up proj", 8960, 1536),
            new Shape("down proj", 1536, 8960),
            new Shape("lm_head", 151936, 1536));

    private static final DType[] DTYPES = {DType.F32, DType.BF16, DType.F16};
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    /** A benchmarked weight shape. */
    public record Shape(String role, int rows, int cols) {
        String label() {
            return rows + "x" + cols;
        }
    }

    /**
     * @param reps   timed repetitions (after two warm-up rounds)
     * @param quick  a 128 MiB pool and short probes, for a smoke run (numbers are cache-warm-ish and
     *               lm_head is cut to the rows that fit)
     * @param shapes the shapes to measure, e.g. {@link #SHAPES}
     * @param batches input rows per matmul, e.g. {@link #BATCHES} (1 and the CFG pair)
     */
    public record Options(int reps, boolean quick, List<Shape> shapes, int[] batches) {
    }

    /** The batches the targets are set for: one sequence and the CFG pair. */
    public static final int[] BATCHES = {1, 2};

    /** One row of the result table: speeds in GB/s, ratios kernel ÷ bound, over repetitions. */
    public record Result(Shape shape, DType dtype, int threads, int batch, double medianGBs, double boundGBs,
                         double medianRatio, double minRatio, double maxRatio) {
    }

    private final Options options;
    private final PrintStream out;
    private final long probeBytes;
    private final int allThreads = Parallel.threads();
    private final List<Probe> probes = new ArrayList<>();

    private KernelBenchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.probeBytes = options.quick ? 16 * MIB : 512 * MIB;
    }

    /** Runs the benchmark, printing progress and the final table to {@code out}. */
    public static List<Result> run(Options options, PrintStream out) {
        return new KernelBenchmark(options, out).run();
    }

    private List<Result> run() {
        long poolBytes = options.quick ? 128 * MIB : 2 * GIB + 256 * MIB;
        out.printf(Locale.ROOT, "kernels: %s, %d threads, pool %.2f GiB, %d reps%n", Simd.describe(), allThreads,
                poolBytes / (double) GIB, options.reps);
        try (WeightPool pool = new WeightPool(poolBytes)) {
            buildProbes(pool);
            Probe stream1 = new Probe(null, null, 1, 0, pool.byteSize(), m -> MemoryRead.stream(pool.segment()), true);
            Probe streamN = new Probe(null, null, allThreads, 0, pool.byteSize(), m -> MemoryRead.stream(pool.segment()), true);
            for (int warm = 0; warm < 2; warm++) {
                for (Probe p : probes) {
                    p.time(pool, Math.min(probeBytes, 64 * MIB));
                }
            }
            for (int rep = 0; rep < options.reps; rep++) {
                stream1.record(stream1.time(pool, 0));
                for (Probe p : probes) {
                    p.record(p.time(pool, probeBytes));
                }
                if (allThreads > 1) {
                    streamN.record(streamN.time(pool, 0));
                }
                out.printf(Locale.ROOT, "rep %d/%d done%n", rep + 1, options.reps);
            }
            out.printf(Locale.ROOT, "%nmemory read bandwidth, streaming sum over %.2f GiB: 1 thread %s GB/s%s%n",
                    pool.byteSize() / (double) GIB, stream1.gbsSummary(),
                    allThreads > 1 ? ", " + allThreads + " threads " + streamN.gbsSummary() + " GB/s" : "");
        }
        List<Result> results = results();
        printTable(results);
        return results;
    }

    private void buildProbes(WeightPool pool) {
        int maxDim = options.shapes.stream().mapToInt(sh -> Math.max(sh.rows, sh.cols)).max().orElse(1);
        int maxBatch = java.util.Arrays.stream(options.batches).max().orElse(1);
        float[] x = new float[maxBatch * maxDim];
        float[] y = new float[maxBatch * maxDim];
        java.util.Random rnd = new java.util.Random(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        for (Shape full : options.shapes) {
            Shape s = fit(full, pool.byteSize());
            for (int elementBytes : new int[] {4, 2}) {
                DType readAs = elementBytes == 4 ? DType.F32 : DType.BF16;
                for (int threads : threadCounts()) {
                    Probe bound = add(new Probe(s, readAs, threads, 0, 0, MemoryRead::likeMatmul, false));
                    for (DType dt : DTYPES) {
                        if (dt.bytes() != elementBytes) {
                            continue;
                        }
                        for (int b : options.batches) {
                            add(new Probe(s, dt, threads, b, 0, m -> m.matmul(x, y, b), false)).bound = bound;
                        }
                    }
                }
            }
        }
    }

    private int[] threadCounts() {
        return allThreads == 1 ? new int[] {1} : new int[] {1, allThreads};
    }

    /** Cuts a shape's rows so that two f32 copies fit the pool (only lm_head, only in --quick). */
    private static Shape fit(Shape s, long poolBytes) {
        long rows = Math.min(s.rows, poolBytes / 2 / ((long) s.cols * 4) / 4 * 4);
        return rows == s.rows ? s : new Shape(s.role + " (cut)", (int) rows, s.cols);
    }

    private Probe add(Probe p) {
        probes.add(p);
        return p;
    }

    private List<Result> results() {
        List<Result> results = new ArrayList<>();
        for (Probe p : probes) {
            if (p.bound == null) {
                continue;
            }
            int n = p.nanosPerByte.size();
            double[] ratios = new double[n];
            for (int i = 0; i < n; i++) {
                ratios[i] = p.bound.nanosPerByte.get(i) / p.nanosPerByte.get(i);
            }
            Arrays.sort(ratios);
            results.add(new Result(p.shape, p.dtype, p.threads, p.batch, p.medianGBs(), p.bound.medianGBs(),
                    median(ratios), ratios[0], ratios[n - 1]));
        }
        return results;
    }

    private void printTable(List<Result> results) {
        out.printf(Locale.ROOT, "%nmatrix x vector, GB/s of weights (median of %d), ratio = kernel / read of the same bytes"
                + " in the same pattern (median, min-max over reps)%n", options.reps);
        out.printf(Locale.ROOT, "%-14s %-13s %-5s %3s %5s %9s %9s %7s %13s %7s %8s%n",
                "shape", "role", "dtype", "thr", "batch", "GB/s", "bound", "ratio", "spread", "target", "GFLOP/s");
        for (Result r : results) {
            String target = r.threads == allThreads && allThreads > 1 && r.batch <= 2 ? target(r) : "";
            out.printf(Locale.ROOT, "%-14s %-13s %-5s %3d %5d %9.1f %9.1f %6.0f%% %5.0f%%-%4.0f%% %7s %8.1f%n",
                    r.shape.label(), r.shape.role, r.dtype.name().toLowerCase(Locale.ROOT), r.threads, r.batch,
                    r.medianGBs, r.boundGBs, 100 * r.medianRatio, 100 * r.minRatio, 100 * r.maxRatio, target,
                    r.medianGBs / r.dtype.bytes() * 2 * r.batch);
        }
    }

    private static String target(Result r) {
        double goal = switch (r.dtype) {
            case F32 -> 0.85;
            case BF16 -> 0.80;
            default -> 0.75;
        };
        return String.format(Locale.ROOT, "%s%.0f%%", r.medianRatio >= goal ? ">=" : "< ", 100 * goal);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** One timed thing: a kernel (or a read) on one shape/dtype with a thread count. */
    private static final class Probe {
        final Shape shape;
        final DType dtype;
        final int threads;
        final int batch;
        final long fixedBytes;
        final Consumer<Matrix> body;
        final boolean wholePool;
        final List<Double> nanosPerByte = new ArrayList<>();
        Probe bound;

        Probe(Shape shape, DType dtype, int threads, int batch, long fixedBytes, Consumer<Matrix> body, boolean wholePool) {
            this.shape = shape;
            this.dtype = dtype;
            this.threads = threads;
            this.batch = batch;
            this.fixedBytes = fixedBytes;
            this.body = body;
            this.wholePool = wholePool;
        }

        /** Runs enough calls on fresh slices to move at least {@code minBytes}; returns ns per byte. */
        double time(WeightPool pool, long minBytes) {
            long[] moved = {0};
            long[] nanos = {0};
            Runnable run = () -> {
                if (wholePool) {
                    long t = System.nanoTime();
                    body.accept(null);
                    nanos[0] = System.nanoTime() - t;
                    moved[0] = fixedBytes;
                    return;
                }
                do {
                    Matrix m = pool.next(dtype, shape.rows, shape.cols);
                    long t = System.nanoTime();
                    body.accept(m);
                    nanos[0] += System.nanoTime() - t;
                    moved[0] += m.byteSize();
                } while (moved[0] < minBytes);
            };
            if (threads == 1) {
                Parallel.runSerially(run);
            } else {
                run.run();
            }
            return nanos[0] / (double) moved[0];
        }

        void record(double nsPerByte) {
            nanosPerByte.add(nsPerByte);
        }

        double medianGBs() {
            double[] v = nanosPerByte.stream().mapToDouble(d -> d).sorted().toArray();
            return 1 / median(v);
        }

        String gbsSummary() {
            double[] v = nanosPerByte.stream().mapToDouble(d -> 1 / d).sorted().toArray();
            return String.format(Locale.ROOT, "%.1f (%.1f-%.1f)", median(v), v[0], v[v.length - 1]);
        }
    }
}
