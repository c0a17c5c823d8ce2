package org.vibevoice.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.vibevoice.VibeVoiceException;

/**
 * The contract every parser of untrusted input keeps (issue 11): each input ends in a result or in
 * the project's own error with a one-line message. Any other exception or {@link Error}, an input
 * still running after {@link #TIMEOUT_SECONDS} of CPU time, or allocation out of proportion to the input's size
 * (a size read from the file and trusted) fails. One instance per parser also counts the outcomes
 * for the summary line the fuzz tests print.
 */
public final class Fuzz {
    /**
     * CPU seconds one input may take before it counts as a hang (ten times as many of wall-clock
     * time for a parser that blocks): generous, and immune to a shared machine's load.
     */
    public static final long TIMEOUT_SECONDS = Long.getLong("vibevoice.fuzz.timeoutSeconds", 20);

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static ExecutorService worker = newWorker();

    /** A parser call on one input. */
    @FunctionalInterface
    public interface Parse<T> {
        T parse() throws Exception;
    }

    private final String parser;
    private final Class<? extends Throwable> ownError;
    private final long fixedBytes;
    private final long bytesPerInputByte;
    private final long timeoutSeconds;
    private long inputs;
    private long results;
    private long errors;
    private long largestInput;
    private long nanos;
    private long slowestNanos;
    private long mostAllocated;
    private final Set<String> errorKinds = new HashSet<>();

    private Fuzz(String parser, Class<? extends Throwable> ownError, long fixedBytes, long bytesPerInputByte,
            long timeoutSeconds) {
        this.parser = parser;
        this.ownError = ownError;
        this.fixedBytes = fixedBytes;
        this.bytesPerInputByte = bytesPerInputByte;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * A parser whose own error is {@link VibeVoiceException}, allowed {@code fixedBytes} plus
     * {@code bytesPerInputByte} for each byte of input: what the parser may legitimately build
     * (decoded samples, a JSON tree, scratch), far below what a trusted length field asks for.
     */
    public static Fuzz parser(String name, long fixedBytes, long bytesPerInputByte) {
        return new Fuzz(name, VibeVoiceException.class, fixedBytes, bytesPerInputByte, TIMEOUT_SECONDS);
    }

    /** The same contract with another own error type (the HTTP layer's {@code ApiException}). */
    public Fuzz ownError(Class<? extends Throwable> type) {
        return new Fuzz(parser, type, fixedBytes, bytesPerInputByte, timeoutSeconds);
    }

    /** The same contract with another hang limit (CPU seconds). */
    public Fuzz timeoutSeconds(long seconds) {
        return new Fuzz(parser, ownError, fixedBytes, bytesPerInputByte, seconds);
    }

    /** The same contract with no error allowed at all: every input must end in a result. */
    public Fuzz noErrors() {
        return ownError(NeverThrown.class);
    }

    private static final class NeverThrown extends RuntimeException {
    }

    /** {@code nanos}: wall-clock time; {@code cpuNanos}: the parser thread's CPU time, which other load does not inflate. */
    private record Outcome(Object result, Throwable thrown, long allocated, long nanos, long cpuNanos) {
    }

    /**
     * Runs {@code parse} on {@code input} (the bytes it reads) and returns its result, or null when
     * it ended in the parser's own error; throws AssertionError for anything else, naming a copy of
     * the input kept under {@code target/fuzz-failures} to reproduce it.
     */
    public <T> T check(byte[] input, Parse<T> parse) {
        try {
            return check(input.length, parse);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " [input kept as " + keep(input) + "]", e.getCause());
        }
    }

    private Path keep(byte[] input) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "fuzz-failures"));
            String name = parser.replaceAll("[^A-Za-z0-9]+", "-") + "-" + Integer.toHexString(Arrays.hashCode(input));
            return Files.write(dir.resolve(name), input).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> T check(long inputBytes, Parse<T> parse) {
        Outcome o = run(parse);
        inputs++;
        largestInput = Math.max(largestInput, inputBytes);
        nanos += o.nanos;
        slowestNanos = Math.max(slowestNanos, o.cpuNanos);
        mostAllocated = Math.max(mostAllocated, o.allocated);
        long allowed = fixedBytes + bytesPerInputByte * inputBytes;
        if (o.allocated > allowed) {
            throw new AssertionError(parser + " allocated " + o.allocated + " bytes for an input of " + inputBytes
                    + " (allowed " + allowed + ")" + (o.thrown == null ? "" : "; it then threw " + o.thrown), o.thrown);
        }
        if (o.thrown == null) {
            results++;
            return (T) o.result;
        }
        if (!ownError.isInstance(o.thrown)) {
            throw new AssertionError(parser + " threw " + o.thrown + " instead of a result or " + ownError.getSimpleName(),
                    o.thrown);
        }
        assertOneLine(o.thrown.getMessage());
        errors++;
        errorKinds.add(kind(o.thrown.getMessage()));
        return null;
    }

    /** A message with its file, quoted names and numbers blanked: how deep into a parser inputs get. */
    private static String kind(String message) {
        return message.replaceAll("\\S*fuzz-[^\\s:]*", "<file>").replaceAll("'[^']*'", "'…'").replaceAll("[0-9]+", "#");
    }

    /** A user-facing message: present, not blank, and one line. */
    public void assertOneLine(String message) {
        if (message == null || message.isBlank() || message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
            throw new AssertionError(parser + " error message is not one non-empty line: " + message);
        }
    }

    private Outcome run(Parse<?> parse) {
        synchronized (Fuzz.class) {
            return runOnWorker(parse, timeoutSeconds);
        }
    }

    private static Outcome runOnWorker(Parse<?> parse, long timeoutSeconds) {
        AtomicReference<Thread> runner = new AtomicReference<>();
        AtomicLong cpuStart = new AtomicLong();
        Future<Outcome> f = worker.submit(() -> {
            long a0 = THREADS.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            long c0 = THREADS.getCurrentThreadCpuTime();
            cpuStart.set(c0);
            runner.set(Thread.currentThread());
            Object result = null;
            Throwable thrown = null;
            try {
                result = parse.parse();
            } catch (Throwable t) {
                thrown = t;
            }
            return new Outcome(result, thrown, THREADS.getCurrentThreadAllocatedBytes() - a0, System.nanoTime() - t0,
                    THREADS.getCurrentThreadCpuTime() - c0);
        });
        long wallDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10 * timeoutSeconds);
        try {
            while (true) {
                try {
                    return f.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    Thread t = runner.get();
                    long cpu = t == null ? 0 : THREADS.getThreadCpuTime(t.threadId()) - cpuStart.get();
                    // CPU time, so that a starved run on a busy machine is no hang; a blocked parser hits the wall deadline
                    if (cpu > TimeUnit.SECONDS.toNanos(timeoutSeconds) || System.nanoTime() > wallDeadline) {
                        f.cancel(true);
                        // the stuck thread is abandoned (daemon); later inputs get a fresh one
                        worker = newWorker();
                        throw new AssertionError("hang: still running after " + cpu / 1_000_000_000 + " s of CPU time");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-input");
            t.setDaemon(true);
            return t;
        });
    }

    /** A fresh temporary directory for a fuzz class's input files. */
    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends a fuzz class: prints each parser's summary, then deletes its input directory (if any). */
    public static void finish(Path dir, Fuzz... parsers) {
        for (Fuzz f : parsers) {
            System.out.println(f.summary());
        }
        if (dir != null) {
            deleteTree(dir);
        }
    }

    /** Deletes {@code dir} and everything below it (links, not their targets). */
    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line for the run's log: inputs, outcomes, time, the worst input's cost. */
    public synchronized String summary() {
        return String.format(Locale.ROOT,
                "fuzz %s: %d inputs (%d results, %d own errors of %d kinds, 0 other), %.1f s, largest input %d, slowest %.1f ms CPU,"
                        + " most allocated %.1f MiB",
                parser, inputs, results, errors, errorKinds.size(), nanos / 1e9, largestInput, slowestNanos / 1e6, mostAllocated / 1048576.0);
    }
}
