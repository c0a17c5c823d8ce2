package org.vibevoice.random;

/** The standard 32-bit Mersenne Twister (MT19937), as torch's CPU generator uses it (fixture README §7.1). */
final class Mt19937 {
    private static final int N = 624;
    private static final int M = 397;

    private final int[] mt = new int[N];
    private int index = N;

    /** Reference {@code init_genrand}; the first word drawn afterwards regenerates the whole state. */
    void seed(int x) {
        mt[0] = x;
        for (int i = 1; i < N; i++) {
            int p = mt[i - 1];
            mt[i] = 1812433253 * (p ^ (p >>> 30)) + i;
        }
        index = N;
    }

    /** The next tempered 32-bit word (as an int: the same bits as the unsigned word). */
    int next() {
        if (index >= N) {
            twist();
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9D2C5680;
        y ^= (y << 15) & 0xEFC60000;
        y ^= y >>> 18;
        return y;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7FFFFFFF);
            mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908B0DF : 0);
        }
        index = 0;
    }
}
