package org.vibevoice.fuzz;

import static org.quicktheories.QuickTheory.qt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.function.Function;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

/**
 * Runs a fuzz property: {@link #TRIES} inputs from a generator, with a fixed seed so that a run is
 * reproducible, stopping at the first failing input (no shrinking: {@link Fuzz} keeps the input
 * itself under {@code target/fuzz-failures}).
 */
public final class Inputs {
    /** Inputs per parser: 200 in {@code mvn test}; {@code -Pfuzz} sets {@code vibevoice.fuzz.tries=10000}. */
    public static final int TRIES = Integer.getInteger("vibevoice.fuzz.tries", 200);

    private Inputs() {
    }

    /** A check of one input (most write it to a file first). */
    @FunctionalInterface
    public interface Check<T> {
        void check(T input) throws IOException;
    }

    /**
     * A generator whose values {@code make} builds from a {@link Random} seeded by one draw: the
     * mutators stay plain Java, and each input is reproducible from that one number.
     */
    public static <T> Gen<T> random(Function<Random, T> make) {
        // Random keeps a seed's low 48 bits: rotated, so that the draws QuickTheories tries first (0,
        // Long.MIN_VALUE, Long.MAX_VALUE) are three different inputs
        return in -> make.apply(new Random(Long.rotateLeft(in.next(Constraint.none()), 16)));
    }

    /** Checks {@link #TRIES} inputs of {@code inputs}, drawn from {@code seed}. */
    public static <T> void forAll(long seed, Gen<T> inputs, Check<T> check) {
        forAll(seed, TRIES, inputs, check);
    }

    /** Checks {@code tries} inputs of {@code inputs}, drawn from {@code seed}. */
    public static <T> void forAll(long seed, int tries, Gen<T> inputs, Check<T> check) {
        qt().withFixedSeed(seed).withExamples(tries).withShrinkCycles(0).withUnlimitedTestingTime()
                .forAll(inputs.describedAs(Inputs::describe)).checkAssert(input -> {
                    try {
                        check.check(input);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** An input in a failure report: its size (the input itself is kept as a file, and may be 128 Ki chars). */
    private static String describe(Object input) {
        return switch (input) {
            case byte[] b -> b.length + " bytes";
            case String s -> s.length() + " chars";
            default -> String.valueOf(input);
        };
    }
}
