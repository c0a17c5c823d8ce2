package org.vibevoice.server;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.vibevoice.generate.GenerationListener;

/**
 * Watches the worker from inside the generation loop. It records the audio of the latest
 * generation as the server encodes it (PCM16), so a response can be checked byte for byte against
 * the very generation that produced it (two runs of one request may differ in the last bits while
 * the JIT warms up). It also holds the worker at a chosen point ({@link #holdAfter}), so tests see
 * a busy server deterministically.
 */
final class Probe implements GenerationListener {
    /** One stop of the worker: at its first token once the generation has made {@code frames} frames. */
    static final class Hold {
        final int frames;
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        Hold(int frames) {
            this.frames = frames;
        }

        /** Waits until the worker is held here. */
        void awaitReached() throws InterruptedException {
            if (!reached.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the generation never reached the hold after " + frames + " frame(s)");
            }
        }

        void release() {
            released.countDown();
        }
    }

    private volatile boolean expired;
    private volatile Hold pending;
    private volatile Hold last;
    private volatile int frames;
    private final ByteArrayOutputStream audio = new ByteArrayOutputStream();

    /** Holds the worker at its next token once its generation has made {@code frames} frames. */
    Hold holdAfter(int frames) {
        Hold h = new Hold(frames);
        pending = h;
        last = h;
        return h;
    }

    /** Lets the worker go, whatever hold it is at or would reach (tests call it in finally). */
    void releaseAll() {
        Hold h = last;
        pending = null;
        if (h != null) {
            h.release();
        }
    }

    /** True when a hold was never released and let the worker go after its 30 s bound: a broken test. */
    boolean expired() {
        return expired;
    }

    /** The PCM16 audio of the latest generation. */
    synchronized byte[] lastAudio() {
        return audio.toByteArray();
    }

    @Override
    public void onAudio(int sample, float[] pcm, int offset, int length) {
        frames++;
        synchronized (this) {
            audio.writeBytes(Pcm16.encode(pcm, offset, length));
        }
    }

    @Override
    public void onToken(int sample, int step, int token) {
        if (step == 0) {
            frames = 0;
            synchronized (this) {
                audio.reset();
            }
        }
        Hold h = pending;
        if (h != null && frames >= h.frames) {
            pending = null;
            h.reached.countDown();
            try {
                // bounded, so a failing test never leaves the worker stuck
                if (!h.released.await(30, TimeUnit.SECONDS)) {
                    expired = true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
