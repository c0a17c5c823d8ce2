package org.vibevoice.cli;

import java.io.PrintStream;
import org.vibevoice.generate.GenerationListener;

/**
 * A progress line on stderr while generating: frames, audio seconds, real-time factor. Redrawn in
 * place on a terminal at most four times a second; elsewhere a line every ten seconds of audio.
 */
final class SynthesisProgress implements GenerationListener {
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final double secondsPerFrame;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int frames;
    private double lastLoggedAudio;

    SynthesisProgress(PrintStream out, boolean terminal, int hop, int sampleRate) {
        this.out = out;
        this.terminal = terminal;
        this.secondsPerFrame = hop / (double) sampleRate;
    }

    static SynthesisProgress stderr(int hop, int sampleRate) {
        var console = System.console();
        return new SynthesisProgress(System.err, console != null && console.isTerminal(), hop, sampleRate);
    }

    @Override
    public void onAudio(int sample, float[] audio, int offset, int length) {
        frames++;
        long now = System.nanoTime();
        double audioSeconds = frames * secondsPerFrame;
        if (terminal && now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            out.print("\r" + line(now));
            out.flush();
        } else if (!terminal && audioSeconds - lastLoggedAudio >= 10) {
            lastLoggedAudio = audioSeconds;
            out.println(line(now));
        }
    }

    private String line(long now) {
        double wall = (now - start) / 1e9;
        double audioSeconds = frames * secondsPerFrame;
        return String.format("generating: %d frames, %.1f s of audio, %.1f s elapsed, RTF %.2f", frames, audioSeconds,
                wall, audioSeconds == 0 ? 0 : wall / audioSeconds);
    }

    /** Ends the progress line. */
    void finish() {
        if (terminal) {
            out.print("\r" + line(System.nanoTime()) + "\n");
            out.flush();
        }
    }
}
