package org.vibevoice.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.quicktheories.core.Gen;

/**
 * Byte-level mutation of valid seed files, as AFL's havoc stage does: a stack of bit flips,
 * interesting bytes, interesting 16/32/64-bit values in either byte order (sizes of 0, -1, 2^31,
 * 2^63 …), truncation, deleted, repeated and random ranges, and splices with another seed. Seeds
 * that stay mostly intact get past magic numbers and checksums into the parser's depths.
 */
public final class Mutations {
    private static final byte[] BYTES = {0, 1, 0x7F, (byte) 0x80, (byte) 0xFF, '\n', '"', '{', '['};
    private static final long[] VALUES = {0, 1, -1, 2, 8, 16, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFFL,
        0x80000000L, 0xFFFFFFFFL, 0x100000000L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40, 1L << 62, 100L << 20};

    private Mutations() {
    }

    /** Mutants of the seeds, one to eight stacked mutations each, and now and then a seed as is. */
    public static Gen<byte[]> of(List<byte[]> seeds) {
        return Inputs.random(r -> havoc(r, seeds.get(r.nextInt(seeds.size())), seeds));
    }

    /** Random bytes up to {@code maxLength}, with {@code prefix} (a magic number) in front half the time. */
    public static Gen<byte[]> random(byte[] prefix, int maxLength) {
        return Inputs.random(r -> {
            byte[] b = new byte[r.nextInt(maxLength + 1)];
            r.nextBytes(b);
            if (r.nextBoolean()) {
                return concat(prefix, b);
            }
            return b;
        });
    }

    public static byte[] havoc(Random r, byte[] seed, List<byte[]> seeds) {
        byte[] b = seed.clone();
        if (r.nextInt(50) == 0) {
            return b;
        }
        int n = 1 << r.nextInt(4);
        for (int i = 0; i < n; i++) {
            b = mutate(r, b, seeds);
        }
        return b;
    }

    private static byte[] mutate(Random r, byte[] b, List<byte[]> seeds) {
        if (b.length == 0) {
            return randomBytes(r, 1 + r.nextInt(16));
        }
        int at = r.nextInt(b.length);
        switch (r.nextInt(10)) {
            case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
            case 1 -> b[at] = BYTES[r.nextInt(BYTES.length)];
            case 2 -> b[at] = (byte) r.nextInt(256);
            case 3 -> {
                int width = 2 << r.nextInt(3);
                if (at + width <= b.length) {
                    ByteBuffer bb = ByteBuffer.wrap(b, at, width).order(r.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
                    long v = interesting(r, b.length);
                    switch (width) {
                        case 2 -> bb.putShort((short) v);
                        case 4 -> bb.putInt((int) v);
                        default -> bb.putLong(v);
                    }
                }
            }
            case 4 -> b = Arrays.copyOf(b, at);
            case 5 -> {
                int end = Math.min(b.length, at + 1 + r.nextInt(Math.max(1, b.length / 4)));
                b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, end, b.length));
            }
            case 6 -> {
                int end = Math.min(b.length, at + 1 + r.nextInt(64));
                byte[] piece = Arrays.copyOfRange(b, at, end);
                int to = r.nextInt(b.length + 1);
                b = concat(concat(Arrays.copyOf(b, to), piece), Arrays.copyOfRange(b, to, b.length));
            }
            case 7 -> {
                byte[] piece = randomBytes(r, 1 + r.nextInt(32));
                b = concat(concat(Arrays.copyOf(b, at), piece), Arrays.copyOfRange(b, at, b.length));
            }
            case 8 -> {
                byte[] other = seeds.get(r.nextInt(seeds.size()));
                int from = r.nextInt(other.length + 1);
                b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(other, from, other.length));
            }
            default -> {
                int end = Math.min(b.length, at + 1 + r.nextInt(256));
                Arrays.fill(b, at, end, r.nextBoolean() ? 0 : (byte) 0xFF);
            }
        }
        return b;
    }

    /** A boundary value, or the input's own size nudged (lengths that almost fit). */
    static long interesting(Random r, int size) {
        return r.nextInt(4) == 0 ? size + r.nextInt(17) - 8 : VALUES[r.nextInt(VALUES.length)];
    }

    static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
