package org.vibevoice.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vibevoice.VibeVoiceException;

/** The fuzz harness itself: each way a parser can break the contract is reported, the contract kept is not. */
class FuzzHarnessTest {
    private final Fuzz fuzz = Fuzz.parser("test parser", 1 << 20, 16).timeoutSeconds(1);
    private final byte[] input = new byte[100];

    @Test
    void resultsAndOneLineOwnErrorsPass() {
        assertThat(fuzz.check(input, () -> 42)).isEqualTo(42);
        assertThat((Object) fuzz.check(input, () -> {
            throw new VibeVoiceException("file: bad\nline");
        })).isNull();
        assertThat(fuzz.summary()).contains("2 inputs (1 results, 1 own errors of 1 kinds");
    }

    @Test
    void anyOtherExceptionFailsAndKeepsTheInput() {
        assertThatThrownBy(() -> fuzz.check(input, () -> {
            throw new ArrayIndexOutOfBoundsException(3);
        })).isInstanceOf(AssertionError.class).hasMessageContaining("ArrayIndexOutOfBounds")
                .hasMessageContaining("fuzz-failures");
        assertThatThrownBy(() -> fuzz.check(input, () -> {
            throw new StackOverflowError();
        })).isInstanceOf(AssertionError.class).hasMessageContaining("StackOverflowError");
    }

    @Test
    void anEmptyOrMultiLineMessageFails() {
        assertThatThrownBy(() -> fuzz.check(input, () -> {
            throw new VibeVoiceException("");
        })).isInstanceOf(AssertionError.class).hasMessageContaining("not one non-empty line");
        Fuzz api = fuzz.ownError(IllegalStateException.class);
        assertThatThrownBy(() -> api.check(input, () -> {
            throw new IllegalStateException("two\nlines");
        })).isInstanceOf(AssertionError.class).hasMessageContaining("not one non-empty line");
    }

    @Test
    void allocationBeyondTheBoundFails() {
        assertThat(fuzz.check(input, () -> new byte[500_000].length)).isEqualTo(500_000);
        assertThatThrownBy(() -> fuzz.check(input, () -> new byte[4 << 20].length))
                .isInstanceOf(AssertionError.class).hasMessageContaining("allocated");
    }

    @Test
    void aParserThatSpinsIsAHang() {
        // spins until the harness gives up on it and interrupts it, so that no abandoned thread keeps a core busy
        assertThatThrownBy(() -> fuzz.check(input, () -> {
            long x = 0;
            while (!Thread.currentThread().isInterrupted()) {
                x = x * 31 + 7;
            }
            return x;
        })).isInstanceOf(AssertionError.class).hasMessageContaining("hang");
        assertThat(fuzz.check(input, () -> "the next input gets a fresh worker")).isNotNull();
    }

    @Test
    void aPropertyChecksExactlyTheTriesAndIsReproducibleFromItsSeed() {
        List<Long> first = new ArrayList<>();
        List<Long> again = new ArrayList<>();
        Inputs.forAll(7, 50, Inputs.random(r -> r.nextLong()), first::add);
        Inputs.forAll(7, 50, Inputs.random(r -> r.nextLong()), again::add);
        assertThat(first).hasSize(50).doesNotHaveDuplicates().isEqualTo(again);
        assertThat(Inputs.TRIES).isEqualTo(Integer.getInteger("vibevoice.fuzz.tries", 200));
    }

    @Test
    void aPropertyStopsAtTheFirstFailingInputAndReportsIt() {
        List<byte[]> seen = new ArrayList<>();
        assertThatThrownBy(() -> Inputs.forAll(7, 50, Mutations.random(new byte[4], 10), b -> {
            seen.add(b);
            if (seen.size() == 5) {
                throw new AssertionError("bad input number 5");
            }
        })).isInstanceOf(AssertionError.class).hasMessageContaining("bad input number 5")
                .hasMessageContaining(seen.get(4).length + " bytes");
        assertThat(seen).hasSize(5);
    }
}
