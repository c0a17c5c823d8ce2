package org.vibevoice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BandwidthTest {
    /** The scalar twin of the probe's read kernel. */
    private static double scalarSum(MemorySegment seg, long off, long bytes) {
        double s = 0;
        for (long o = off; o < off + bytes; o += 4) {
            s += seg.get(ValueLayout.JAVA_FLOAT_UNALIGNED, o);
        }
        return s;
    }

    @Test
    void readKernelSumsLikeItsScalarTwinOnOddSizesAndOffsets() {
        SplittableRandom r = new SplittableRandom(4);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(1 << 16, 64);
            for (long o = 0; o < seg.byteSize(); o += 4) {
                seg.set(ValueLayout.JAVA_FLOAT_UNALIGNED, o, (float) r.nextDouble(-1, 1));
            }
            for (int t = 0; t < 200; t++) {
                long n = r.nextInt(0, 4000);
                long off = 4L * r.nextInt(0, (int) (seg.byteSize() / 4 - n));
                double want = scalarSum(seg, off, 4 * n);
                assertThat((double) Bandwidth.sum(seg, off, 4 * n)).as("%d floats at %d", n, off)
                        .isCloseTo(want, offset(1e-4 * Math.max(1, Math.sqrt(n))));
            }
        }
    }

    @Test
    void probeReportsAPlausibleRate() {
        try (Bandwidth bw = new Bandwidth(16L << 20)) {
            assertThat(bw.bufferBytes()).isEqualTo(16L << 20);
            assertThat(bw.measure(32L << 20)).isBetween(1e8, 1e13);
        }
    }
}
