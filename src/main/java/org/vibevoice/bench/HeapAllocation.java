package org.vibevoice.bench;

import java.lang.management.ManagementFactory;
import org.vibevoice.generate.GenerationListener;

/**
 * Heap bytes allocated by the generating thread and the compute pool's workers from the start of
 * generation step {@code from} to the time of asking, as the JVM counts them per thread.
 */
final class HeapAllocation implements GenerationListener {
    private final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final int from;
    private final long[] threads;
    private long start = -1;

    HeapAllocation(int from) {
        this.from = from;
        var workers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("vibevoice-worker-")).toList();
        threads = new long[workers.size() + 1];
        threads[0] = Thread.currentThread().threadId();
        for (int i = 0; i < workers.size(); i++) {
            threads[i + 1] = workers.get(i).threadId();
        }
    }

    @Override
    public void onToken(int sample, int step, int token) {
        if (sample == 0 && step == from && start < 0) {
            start = total();
        }
    }

    long sinceWarmup() {
        return start < 0 ? 0 : total() - start;
    }

    private long total() {
        long sum = 0;
        for (long id : threads) {
            sum += mx.getThreadAllocatedBytes(id);
        }
        return sum;
    }
}
