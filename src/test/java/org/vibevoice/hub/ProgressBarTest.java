package org.vibevoice.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void rendersBytesPercentAndSpeed() {
        assertThat(ProgressBar.render("f", 1_500_000, 3_000_000, 2_500_000))
                .isEqualTo("f  [############------------]  50%  1.5 MB / 3.0 MB  2.5 MB/s");
        assertThat(ProgressBar.render("f", 999, -1, 4_321)).isEqualTo("f  999 B  4.3 kB/s");
        assertThat(ProgressBar.bytes(3_210_000_000L)).isEqualTo("3.2 GB");
    }

    @Test
    void aTerminalRedrawsAtMostFourTimesASecond() {
        var bytes = new ByteArrayOutputStream();
        var clock = new AtomicLong();
        var bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, clock::get);

        bar.start("x", 1_000_000, 0);
        for (int i = 1; i <= 100; i++) {
            clock.addAndGet(10_000_000L); // 10 ms per chunk: one second in all
            bar.advance(i * 10_000L);
        }
        bar.finish();

        String out = bytes.toString(StandardCharsets.UTF_8);
        long redraws = out.chars().filter(c -> c == '\r').count();
        assertThat(redraws).isBetween(5L, 6L); // the start, four throttled redraws, the final line
        assertThat(out).endsWith("x  [########################] 100%  1.0 MB / 1.0 MB  1.0 MB/s\n");
    }

    @Test
    void aPipeGetsOneLinePerFileWithTheResumedPartExcludedFromSpeed() {
        var bytes = new ByteArrayOutputStream();
        var clock = new AtomicLong();
        var bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, clock::get);

        bar.start("x", 4_000_000, 2_000_000);
        clock.addAndGet(2_000_000_000L);
        bar.advance(3_000_000);
        bar.advance(4_000_000);
        bar.finish();

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("x  [########################] 100%  4.0 MB / 4.0 MB  1.0 MB/s\n");
    }
}
