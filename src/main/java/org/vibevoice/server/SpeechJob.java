package org.vibevoice.server;

import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.vibevoice.api.SynthesisResult;

/**
 * One submitted synthesis: its request, a cancellation flag the generator polls before every step,
 * and the events its worker publishes for one consumer. The worker never waits for the consumer:
 * events are buffered, and a consumer that falls more than {@link #MAX_PENDING_BYTES} of audio
 * behind (a client that stopped reading) cancels the job.
 */
public final class SpeechJob {
    /** About 11 minutes of 24 kHz PCM16: far more than any network hiccup. */
    static final long MAX_PENDING_BYTES = 32L << 20;

    private final String id;
    private final SpeechRequest request;
    private final LinkedBlockingQueue<SpeechEvent> events = new LinkedBlockingQueue<>();
    private final AtomicLong pendingBytes = new AtomicLong();
    private volatile boolean cancelled;
    private volatile boolean done;

    SpeechJob(SpeechRequest request, byte[] randomId) {
        this.id = HexFormat.of().formatHex(randomId);
        this.request = request;
    }

    /** A server-generated, unguessable id (the page's Stop button names the job by it). */
    public String id() {
        return id;
    }

    public SpeechRequest request() {
        return request;
    }

    /** Asks the generation to stop before its next step (or never to start); idempotent. */
    public void cancel() {
        cancelled = true;
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** True once the terminal event was published. */
    public boolean done() {
        return done;
    }

    /** The next event, or null when none arrived within {@code timeout}. */
    public SpeechEvent next(Duration timeout) throws InterruptedException {
        SpeechEvent e = events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (e instanceof SpeechEvent.Audio a) {
            pendingBytes.addAndGet(-a.pcm().length);
        }
        return e;
    }

    void publish(SpeechEvent e) {
        if (e instanceof SpeechEvent.Audio a && pendingBytes.addAndGet(a.pcm().length) > MAX_PENDING_BYTES) {
            cancel();
        }
        if (e.terminal()) {
            done = true;
        }
        events.add(e);
    }

    /** Ends a job that never ran. */
    void finishUnstarted() {
        publish(new SpeechEvent.Finished(new SynthesisResult(0, 0, 0, 0, 0, false, true)));
    }
}
