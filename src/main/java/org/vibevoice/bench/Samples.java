package org.vibevoice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Summaries of timed samples for benchmark reports, and the machine's load while they ran. */
public final class Samples {
    private Samples() {
    }

    public static double median(double[] v) {
        return percentile(v, 0.5);
    }

    /** The q-quantile (0..1) by linear interpolation between order statistics. */
    public static double percentile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    /** The 1-minute load average (Linux), or "unknown". */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
