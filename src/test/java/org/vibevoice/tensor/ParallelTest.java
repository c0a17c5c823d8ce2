package org.vibevoice.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
    /**
     * Back-to-back dispatches of growing and shrinking chunk counts: a worker still finishing one
     * dispatch must never run a chunk of the next twice or let it return early.
     */
    @Test
    void everyChunkOfEveryDispatchRunsExactlyOnce() {
        for (int round = 0; round < 20_000; round++) {
            int chunks = 1 + (round * 7919) % 37;
            AtomicIntegerArray runs = new AtomicIntegerArray(chunks);
            Parallel.forEach(chunks, runs::incrementAndGet);
            for (int c = 0; c < chunks; c++) {
                assertThat(runs.get(c)).as("round %d chunk %d of %d", round, c, chunks).isEqualTo(1);
            }
        }
    }

    @Test
    void aFailingChunkIsRethrownToTheCaller() {
        assertThatThrownBy(() -> Parallel.forEach(8, c -> {
            if (c == 5) {
                throw new IllegalStateException("chunk 5");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("chunk 5");
        AtomicIntegerArray runs = new AtomicIntegerArray(4);
        Parallel.forEach(4, runs::incrementAndGet);
        assertThat(runs.toString()).isEqualTo("[1, 1, 1, 1]");
    }
}
