package org.vibevoice.hub;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A response body that fails when no byte arrives for the read timeout. HttpClient's request timeout
 * covers only the wait for headers; a body that stalls would otherwise block forever.
 */
final class StallGuard extends FilterInputStream {
    private final long limitNanos;
    private final ScheduledFuture<?> check;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean stalled;

    StallGuard(InputStream in, Duration limit, ScheduledExecutorService timer) {
        super(in);
        this.limitNanos = limit.toNanos();
        long period = Math.max(1, limitNanos / 4);
        this.check = timer.scheduleAtFixedRate(this::checkStall, period, period, TimeUnit.NANOSECONDS);
    }

    private void checkStall() {
        if (System.nanoTime() - lastProgress > limitNanos) {
            stalled = true;
            check.cancel(false);
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is how the blocked reader is woken; its own read reports the stall
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            throw stalled ? timeout() : e;
        }
        if (stalled) {
            throw timeout();
        }
        lastProgress = System.nanoTime();
        return n;
    }

    private HttpTimeoutException timeout() {
        return new HttpTimeoutException("no data for " + limitNanos / 1_000_000 + " ms");
    }

    @Override
    public void close() throws IOException {
        check.cancel(false);
        in.close();
    }
}
