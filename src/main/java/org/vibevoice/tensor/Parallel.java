package org.vibevoice.tensor;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A persistent pool of (cores − 1) workers plus the calling thread. Work is split into chunks that
 * threads claim through an atomic counter, so a descheduled thread never holds up the others (a
 * static split measured 10× slower medians on this shared 2-core machine). Workers spin briefly
 * between jobs, then park. Calls from a worker, or while another thread's job runs, execute inline.
 */
public final class Parallel {
    /** One unit of a parallel job. */
    @FunctionalInterface
    public interface Body {
        void run(int chunk);
    }

    private static final int THREADS = Math.max(1, Integer.getInteger("vibevoice.threads",
            Runtime.getRuntime().availableProcessors()));
    private static final long SPIN_NANOS = 200_000;

    private static final ReentrantLock SUBMIT = new ReentrantLock();
    private static final Thread[] WORKERS = new Thread[THREADS - 1];
    /** Set on workers (nested calls run inline) and inside {@link #runSerially}. */
    private static final ThreadLocal<Boolean> INLINE = ThreadLocal.withInitial(() -> false);

    private static final MethodHandle RUN;

    static {
        try {
            RUN = MethodHandles.lookup().findVirtual(Body.class, "run", MethodType.methodType(void.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The one job slot, reused for every dispatch (submissions are serialised), so dispatching allocates nothing. */
    private static final Job JOB = new Job();

    /**
     * A dispatch: its body and a claim word holding (generation mod 2²⁴, chunk count, next chunk),
     * 20 bits for each count. Because the count travels in the same word as the generation, a
     * worker still looping on generation g can never pair g's claim word with the next dispatch's
     * chunk count, and a successful compare-and-set always claims a chunk of the dispatch whose body
     * was published before that word; the next dispatch starts only when every claimed chunk is done.
     */
    private static final class Job {
        private static final int COUNT_MASK = (1 << 20) - 1;
        /**
         * Body.run as a method handle in a field C2 does not constant-fold (final fields of plain
         * classes are not trusted), so a body is never inlined into the dispatching code: inlined
         * into a worker's endless, OSR-compiled loop, kernels ran out of C2's inlining budget and
         * boxed every vector for the life of the thread. Each body compiles on its own instead.
         */
        final MethodHandle run = RUN;
        final AtomicLong claim = new AtomicLong();
        final AtomicInteger remaining = new AtomicInteger();
        Body body;
        volatile Throwable failure;

        /** Starts generation {@code g}; the fields are written before the claim word publishes them. */
        void start(long g, Body b, int n) {
            if (n > COUNT_MASK) {
                throw new IllegalArgumentException("too many chunks: " + n);
            }
            body = b;
            failure = null;
            remaining.set(n);
            claim.set(tag(g) << 40 | (long) n << 20);
        }

        private static long tag(long g) {
            return g & 0xFF_FFFFL;
        }

        /** Claims and runs chunks of generation {@code g} until none is left. */
        void work(long g) {
            while (true) {
                long v = claim.get();
                int next = (int) (v & COUNT_MASK);
                if (v >>> 40 != tag(g) || next >= (int) (v >>> 20 & COUNT_MASK)) {
                    return;
                }
                if (!claim.compareAndSet(v, v + 1)) {
                    continue;
                }
                try {
                    run.invokeExact(body, next);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    remaining.decrementAndGet();
                }
            }
        }
    }

    private static volatile long generation;

    static {
        for (int i = 0; i < WORKERS.length; i++) {
            Thread t = new Thread(Parallel::workerLoop, "vibevoice-worker-" + i);
            t.setDaemon(true);
            WORKERS[i] = t;
            t.start();
        }
    }

    private Parallel() {
    }

    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code task} with every {@link #forEach} it makes executed inline on the calling thread:
     * single-thread measurements, or callers that parallelise at a coarser level themselves.
     */
    public static void runSerially(Runnable task) {
        if (INLINE.get()) {
            task.run();
            return;
        }
        INLINE.set(true);
        try {
            task.run();
        } finally {
            INLINE.set(false);
        }
    }

    /** Runs body(0) … body(chunks − 1) across all threads and returns when every chunk is done. */
    public static void forEach(int chunks, Body body) {
        if (chunks <= 0) {
            return;
        }
        if (chunks == 1 || WORKERS.length == 0 || INLINE.get() || !SUBMIT.tryLock()) {
            for (int c = 0; c < chunks; c++) {
                body.run(c);
            }
            return;
        }
        try {
            long g = generation + 1;
            JOB.start(g, body, chunks);
            generation = g;
            for (Thread w : WORKERS) {
                LockSupport.unpark(w);
            }
            JOB.work(g);
            while (JOB.remaining.get() > 0) {
                Thread.onSpinWait();
            }
            Throwable failure = JOB.failure;
            JOB.body = null;
            if (failure instanceof RuntimeException re) {
                throw re;
            } else if (failure instanceof Error err) {
                throw err;
            } else if (failure != null) {
                throw new IllegalStateException(failure);
            }
        } finally {
            SUBMIT.unlock();
        }
    }

    private static void workerLoop() {
        INLINE.set(true);
        long seen = 0;
        while (true) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (generation == seen) {
                if (System.nanoTime() > spinUntil) {
                    LockSupport.parkNanos(1_000_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            seen = generation;
            JOB.work(seen);
        }
    }
}
