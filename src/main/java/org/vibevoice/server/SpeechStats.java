package org.vibevoice.server;

import java.util.concurrent.atomic.LongAdder;
import org.vibevoice.api.SynthesisResult;

/** Running totals of a {@link SpeechService}'s generations, and the speed of the last one. */
public final class SpeechStats {
    private final LongAdder completed = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder frames = new LongAdder();
    private final LongAdder audioMicros = new LongAdder();
    private final LongAdder wallMicros = new LongAdder();
    private volatile double lastFramesPerSecond;
    private volatile double lastRealTimeFactor;

    void finished(SynthesisResult r) {
        (r.stopped() ? cancelled : completed).increment();
        frames.add(r.frames());
        audioMicros.add(Math.round(r.audioSeconds() * 1e6));
        wallMicros.add(Math.round(r.wallSeconds() * 1e6));
        if (r.frames() > 0) {
            lastFramesPerSecond = r.frames() / r.wallSeconds();
            lastRealTimeFactor = r.realTimeFactor();
        }
    }

    void failed() {
        failed.increment();
    }

    public long completed() {
        return completed.sum();
    }

    public long cancelled() {
        return cancelled.sum();
    }

    public long failedCount() {
        return failed.sum();
    }

    public long frames() {
        return frames.sum();
    }

    public double audioSeconds() {
        return audioMicros.sum() / 1e6;
    }

    public double generationSeconds() {
        return wallMicros.sum() / 1e6;
    }

    /** Frames per wall-clock second of the last generation that made audio. */
    public double lastFramesPerSecond() {
        return lastFramesPerSecond;
    }

    /** Real-time factor (compute seconds per audio second) of the last generation that made audio. */
    public double lastRealTimeFactor() {
        return lastRealTimeFactor;
    }
}
