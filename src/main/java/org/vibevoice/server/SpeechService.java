package org.vibevoice.server;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.vibevoice.VibeVoiceException;
import org.vibevoice.api.SynthesisResult;
import org.vibevoice.api.VibeVoice;
import org.vibevoice.generate.GenerationListener;
import org.vibevoice.generate.VibeVoiceModel;
import org.vibevoice.random.TorchGenerator;

/**
 * Speech generation as a service, independent of HTTP: it owns the loaded model(s), a bounded
 * queue of waiting requests and one worker thread per generation slot. A model instance is used
 * by one thread at a time, so each slot has its own {@link VibeVoice} (memory-mapped weights kept
 * as stored share their pages; converted weights are held once per slot). Requests beyond the
 * slots wait in the queue; when it is full, {@link #submit} refuses at once.
 */
public final class SpeechService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SpeechService.class.getName());

    private final List<VibeVoice> engines;
    private final BlockingQueue<SpeechJob> queue;
    private final int maxQueue;
    private final Map<String, SpeechJob> jobs = new ConcurrentHashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicInteger active = new AtomicInteger();
    private final GenerationListener tap;
    private final SpeechStats stats = new SpeechStats();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean closed;

    private SpeechService(List<VibeVoice> engines, int maxQueue, GenerationListener tap) {
        if (engines.isEmpty()) {
            throw new IllegalArgumentException("at least one model instance is needed");
        }
        if (maxQueue < 0) {
            throw new IllegalArgumentException("queue size must be >= 0, got " + maxQueue);
        }
        this.engines = List.copyOf(engines);
        this.maxQueue = maxQueue;
        // with no waiting room a request is taken only by an idle worker
        this.queue = maxQueue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(maxQueue);
        this.tap = tap == null ? GenerationListener.NONE : tap;
        for (int i = 0; i < this.engines.size(); i++) {
            VibeVoice tts = this.engines.get(i);
            Thread t = Thread.ofPlatform().name("vibevoice-speech-" + i).daemon().unstarted(() -> work(tts));
            workers.add(t);
        }
        workers.forEach(Thread::start);
    }

    /**
     * Loads {@code slots} model instances with {@code loader} (each fully, so the first request
     * does not pay for it) and starts one worker per instance.
     */
    public static SpeechService start(Supplier<VibeVoice> loader, int slots, int maxQueue) {
        if (slots < 1) {
            throw new IllegalArgumentException("at least one generation slot is needed, got " + slots);
        }
        List<VibeVoice> engines = new ArrayList<>();
        try {
            for (int i = 0; i < slots; i++) {
                engines.add(warmUp(loader.get()));
            }
        } catch (RuntimeException | Error e) {
            engines.forEach(VibeVoice::close);
            throw e;
        }
        return new SpeechService(engines, maxQueue, null);
    }

    /**
     * A service over already loaded instances (one slot each). {@code tap}, when not null, sees every
     * generation event on the worker thread before the job does (tests use it to hold a worker).
     */
    public static SpeechService of(List<VibeVoice> engines, int maxQueue, GenerationListener tap) {
        return new SpeechService(engines, maxQueue, tap);
    }

    private static VibeVoice warmUp(VibeVoice tts) {
        VibeVoiceModel m = tts.model();
        m.processor();
        m.lm();
        m.acousticEncoder();
        m.acousticDecoder();
        m.semanticEncoder();
        m.acousticConnector();
        m.semanticConnector();
        m.scaling();
        m.diffusionHead();
        return tts;
    }

    /**
     * Queues a request. Its events (starting with {@link SpeechEvent.Queued}) go to the returned
     * job; cancel the job to stop it.
     *
     * @throws ServiceBusyException when every slot is busy and the queue is full
     */
    public SpeechJob submit(SpeechRequest request) throws ServiceBusyException {
        if (closed) {
            throw new IllegalStateException("the speech service is closed");
        }
        byte[] id = new byte[16];
        random.nextBytes(id);
        SpeechJob job = new SpeechJob(request, id);
        jobs.put(job.id(), job);
        // published first so it precedes whatever the worker publishes
        job.publish(new SpeechEvent.Queued(queue.size() + 1));
        if (!queue.offer(job)) {
            jobs.remove(job.id());
            throw new ServiceBusyException(maxQueue);
        }
        if (closed && queue.remove(job)) {
            jobs.remove(job.id());
            job.finishUnstarted();
        }
        return job;
    }

    /** A queued or running job by id, or null. */
    public SpeechJob job(String id) {
        return jobs.get(id);
    }

    public int queueDepth() {
        return queue.size();
    }

    public int maxQueue() {
        return maxQueue;
    }

    public int activeGenerations() {
        return active.get();
    }

    public int slots() {
        return engines.size();
    }

    public SpeechStats stats() {
        return stats;
    }

    public int sampleRate() {
        return engines.getFirst().sampleRate();
    }

    /** The model's name: its directory's name. */
    public String modelName() {
        return engines.getFirst().model().dir().getFileName().toString();
    }

    private void work(VibeVoice tts) {
        while (!closed) {
            SpeechJob job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                run(tts, job);
            } finally {
                jobs.remove(job.id());
            }
        }
    }

    private void run(VibeVoice tts, SpeechJob job) {
        if (job.cancelled() || closed) {
            stats.finished(new SynthesisResult(0, 0, 0, 0, 0, false, true));
            job.finishUnstarted();
            return;
        }
        active.incrementAndGet();
        try {
            job.publish(new SpeechEvent.Started());
            SpeechRequest r = job.request();
            JobListener listener = new JobListener(job, tap, tts.model().hopLength(), tts.sampleRate());
            SynthesisResult result = tts.synthesize(r.script(), r.voices(), r.params(), new TorchGenerator(r.seed()),
                    listener, () -> job.cancelled() || closed);
            stats.finished(result);
            job.publish(new SpeechEvent.Finished(result));
        } catch (VibeVoiceException e) {
            stats.failed();
            job.publish(new SpeechEvent.Failed(e.getMessage()));
        } catch (RuntimeException | Error e) {
            // the model's state lives in the call, so the worker can go on with the next request
            LOG.log(System.Logger.Level.ERROR, "generation failed", e);
            stats.failed();
            job.publish(new SpeechEvent.Failed("internal error: " + e));
        } finally {
            active.decrementAndGet();
        }
    }

    /** Stops the workers (running generations stop before their next step), ends queued jobs, frees the models. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (SpeechJob j; (j = queue.poll()) != null;) {
            jobs.remove(j.id());
            j.finishUnstarted();
        }
        workers.forEach(Thread::interrupt);
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        engines.forEach(VibeVoice::close);
    }

    /** Turns generation events into job events: PCM per frame, progress per frame and twice a second. */
    private static final class JobListener implements GenerationListener {
        private static final long PROGRESS_NANOS = 500_000_000L;

        private final SpeechJob job;
        private final GenerationListener tap;
        private final double secondsPerFrame;
        private final long start = System.nanoTime();
        private long lastProgress = start;
        private int frames;
        private int tokens;

        JobListener(SpeechJob job, GenerationListener tap, int hop, int sampleRate) {
            this.job = job;
            this.tap = tap;
            this.secondsPerFrame = hop / (double) sampleRate;
        }

        @Override
        public void onAudio(int sample, float[] audio, int offset, int length) {
            tap.onAudio(sample, audio, offset, length);
            frames++;
            job.publish(new SpeechEvent.Audio(Pcm16.encode(audio, offset, length)));
            progress(System.nanoTime());
        }

        @Override
        public void onToken(int sample, int step, int token) {
            tap.onToken(sample, step, token);
            tokens++;
            long now = System.nanoTime();
            if (now - lastProgress >= PROGRESS_NANOS) {
                progress(now);
            }
        }

        @Override
        public void onFinished(int sample, boolean reachedStepLimit) {
            tap.onFinished(sample, reachedStepLimit);
        }

        private void progress(long now) {
            lastProgress = now;
            job.publish(new SpeechEvent.Progress(frames, tokens, frames * secondsPerFrame, (now - start) / 1e9));
        }
    }
}
