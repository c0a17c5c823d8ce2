package org.vibevoice.generate;

/**
 * Wall time a generation spent in each phase, accumulated by the generator with one
 * {@link System#nanoTime} per phase boundary, and each step's split kept in a log of fixed capacity
 * (preallocated, so recording allocates nothing). Attach with {@link Generator#withStats}; read
 * after (or, from a listener, during) the call. Not thread-safe: one generation at a time.
 */
public final class GenerationStats {
    /** Where time goes. */
    public enum Phase {
        /** Encoding the voice prompts and splicing them into the prompt embeddings. */
        VOICE_PROMPT,
        /** The prompts' LM prefill. */
        PREFILL,
        /** LM steps: positive and negative branch of every running sample. */
        LM,
        /** The four control-token logits and the token choice. */
        TOKENS,
        /** Diffusion sampling of the frames (all solver steps, both CFG rows). */
        DIFFUSION,
        /** Acoustic decoding of the new latents to audio (listeners included). */
        DECODE,
        /** Semantic encoding of the new audio. */
        SEMANTIC,
        /** Connectors and the next input embeddings. */
        CONNECT
    }

    private static final Phase[] PHASES = Phase.values();

    private final long[] total = new long[PHASES.length];
    private final long[][] log;
    private final int[] logFrames;
    private final long[] logWall;
    private int steps;
    private long frames;
    private long stepStart;

    /** Keeps the per-step split of the first {@code stepCapacity} steps (totals cover all). */
    public GenerationStats(int stepCapacity) {
        log = new long[stepCapacity][PHASES.length];
        logFrames = new int[stepCapacity];
        logWall = new long[stepCapacity];
    }

    /** Forgets everything recorded. */
    public void clear() {
        java.util.Arrays.fill(total, 0);
        steps = 0;
        frames = 0;
    }

    /** Adds now − {@code since} to {@code phase} (and to the current step's split); returns now. */
    long add(Phase phase, long since) {
        long now = System.nanoTime();
        total[phase.ordinal()] += now - since;
        if (steps < log.length) {
            log[steps][phase.ordinal()] += now - since;
        }
        return now;
    }

    void beginStep() {
        stepStart = System.nanoTime();
        if (steps < log.length) {
            java.util.Arrays.fill(log[steps], 0);
        }
    }

    /** Closes the current step, in which {@code framesMade} frames (samples that diffused) were made. */
    void endStep(int framesMade) {
        if (steps < log.length) {
            logFrames[steps] = framesMade;
            logWall[steps] = System.nanoTime() - stepStart;
        }
        frames += framesMade;
        steps++;
    }

    /** Total nanoseconds spent in {@code phase}. */
    public long nanos(Phase phase) {
        return total[phase.ordinal()];
    }

    /** Generation steps run (one LM token per running sample each). */
    public int steps() {
        return steps;
    }

    /** Frames made over all samples. */
    public long frames() {
        return frames;
    }

    /** Steps whose split was kept: min(steps, capacity). */
    public int loggedSteps() {
        return Math.min(steps, log.length);
    }

    /** Nanoseconds step {@code step} spent in {@code phase}. */
    public long stepNanos(int step, Phase phase) {
        return log[checked(step)][phase.ordinal()];
    }

    /** Wall nanoseconds of step {@code step}, phases and everything between them. */
    public long stepWallNanos(int step) {
        return logWall[checked(step)];
    }

    /** Frames made in step {@code step}. */
    public int stepFrames(int step) {
        return logFrames[checked(step)];
    }

    private int checked(int step) {
        return java.util.Objects.checkIndex(step, loggedSteps());
    }
}
