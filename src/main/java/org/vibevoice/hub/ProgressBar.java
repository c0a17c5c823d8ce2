package org.vibevoice.hub;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A per-file progress bar: bytes, percent and speed. On a terminal one line is redrawn at most a
 * few times per second; elsewhere (logs, pipes) only the final line of each file is printed.
 */
public final class ProgressBar implements ProgressListener {
    private static final long REDRAW_NANOS = 250_000_000L;
    private static final int WIDTH = 24;

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanoClock;
    private String label;
    private long total;
    private long resumedFrom;
    private long startNanos;
    private long lastDrawNanos;
    private long done;
    private int lastWidth;

    public ProgressBar(PrintStream out, boolean terminal, LongSupplier nanoClock) {
        this.out = out;
        this.terminal = terminal;
        this.nanoClock = nanoClock;
    }

    /** Draws on stderr, redrawing in place only when stderr is a terminal. */
    public static ProgressBar stderr() {
        var console = System.console();
        return new ProgressBar(System.err, console != null && console.isTerminal(), System::nanoTime);
    }

    @Override
    public void start(String label, long total, long resumedFrom) {
        this.label = label;
        this.total = total;
        this.resumedFrom = resumedFrom;
        this.done = resumedFrom;
        this.startNanos = nanoClock.getAsLong();
        this.lastDrawNanos = startNanos;
        this.lastWidth = 0;
        if (terminal) {
            draw(startNanos);
        }
    }

    @Override
    public void advance(long bytesDone) {
        this.done = bytesDone;
        long now = nanoClock.getAsLong();
        if (terminal && now - lastDrawNanos >= REDRAW_NANOS) {
            lastDrawNanos = now;
            draw(now);
        }
    }

    @Override
    public void finish() {
        long now = nanoClock.getAsLong();
        String line = render(label, done, total, speed(now));
        out.print(terminal ? "\r" + pad(line) + "\n" : line + "\n");
        out.flush();
    }

    private void draw(long now) {
        out.print("\r" + pad(render(label, done, total, speed(now))));
        out.flush();
    }

    /** Pads with spaces so a shorter line fully covers the previous one. */
    private String pad(String line) {
        String padded = line.length() < lastWidth ? line + " ".repeat(lastWidth - line.length()) : line;
        lastWidth = line.length();
        return padded;
    }

    private double speed(long now) {
        double seconds = (now - startNanos) / 1e9;
        return seconds <= 0 ? 0 : (done - resumedFrom) / seconds;
    }

    /** One line: label, bar, percent, bytes done of total and the speed of this transfer. */
    static String render(String label, long done, long total, double bytesPerSecond) {
        String speed = bytes(Math.round(bytesPerSecond)) + "/s";
        if (total <= 0) {
            return label + "  " + bytes(done) + "  " + speed;
        }
        double frac = Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(frac * WIDTH);
        String bar = "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]";
        return String.format(Locale.ROOT, "%s  %s %3d%%  %s / %s  %s", label, bar, (int) Math.floor(frac * 100),
                bytes(done), bytes(total), speed);
    }

    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
