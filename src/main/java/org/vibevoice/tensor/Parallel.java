package org.vibevoice.tensor;

import java.util.concurrent.atomic.AtomicInteger;
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

    private static volatile Job current;
    private static volatile long generation;

    private static final class Job {
        final Body body;
        final int chunks;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger remaining;
        volatile Throwable failure;

        Job(Body body, int chunks) {
            this.body = body;
            this.chunks = chunks;
            this.remaining = new AtomicInteger(chunks);
        }

        void work() {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                try {
                    body.run(c);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    remaining.decrementAndGet();
                }
            }
        }
    }

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
            Job job = new Job(body, chunks);
            current = job;
            generation++;
            for (Thread w : WORKERS) {
                LockSupport.unpark(w);
            }
            job.work();
            while (job.remaining.get() > 0) {
                Thread.onSpinWait();
            }
            current = null;
            if (job.failure instanceof RuntimeException re) {
                throw re;
            } else if (job.failure instanceof Error err) {
                throw err;
            } else if (job.failure != null) {
                throw new IllegalStateException(job.failure);
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
            Job job = current;
            if (job != null) {
                job.work();
            }
        }
    }
}
