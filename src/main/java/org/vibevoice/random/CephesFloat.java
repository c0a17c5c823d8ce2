package org.vibevoice.random;

/**
 * ln, sin and cos in float32 exactly as torch's x86 AVX2 randn kernel evaluates them (Cephes-style
 * polynomials with fused multiply-adds, fixture README §7.6): every value of the batched normal path
 * then matches torch bit for bit. Only valid for the arguments that path produces: ln of (0, 1], sin
 * and cos of [0, 2π).
 */
final class CephesFloat {
    private CephesFloat() {
    }

    private static final float SQRTHF = f(0x3F3504F3);
    private static final float P0 = f(0x3D9021BB);
    private static final float P1 = f(0xBDEBD1B8);
    private static final float P2 = f(0x3DEF251A);
    private static final float P3 = f(0xBDFE5D4F);
    private static final float P4 = f(0x3E11E9BF);
    private static final float P5 = f(0xBE2AAE50);
    private static final float P6 = f(0x3E4CCEAC);
    private static final float P7 = f(0xBE7FFFFC);
    private static final float P8 = f(0x3EAAAAAA);
    private static final float Q1 = f(0xB95E8083);
    private static final float Q2 = f(0x3F318000);
    private static final float FOPI = f(0x3FA2F983);
    private static final float DP1 = f(0xBF490000);
    private static final float DP2 = f(0xB97DA000);
    private static final float DP3 = f(0xB3222169);
    private static final float C0 = f(0x37CCF5CE);
    private static final float C1 = f(0xBAB6061A);
    private static final float C2 = f(0x3D2AAAA5);
    private static final float S0 = f(0xB94CA1F9);
    private static final float S1 = f(0x3C08839E);
    private static final float S2 = f(0xBE2AAAA3);

    private static float f(int bits) {
        return Float.intBitsToFloat(bits);
    }

    /** Natural logarithm of a positive normal float. */
    static float ln(float x) {
        int bits = Float.floatToRawIntBits(x);
        int k = (bits >>> 23) - 127;
        float m = Float.intBitsToFloat((bits & 0x807FFFFF) | 0x3F000000);
        float e = (float) k + 1f;
        float t;
        if (m < SQRTHF) {
            e = e - 1f;
            t = (m - 1f) + m;
        } else {
            t = m - 1f;
        }
        float z = t * t;
        float y = P0;
        y = Math.fma(y, t, P1);
        y = Math.fma(y, t, P2);
        y = Math.fma(y, t, P3);
        y = Math.fma(y, t, P4);
        y = Math.fma(y, t, P5);
        y = Math.fma(y, t, P6);
        y = Math.fma(y, t, P7);
        y = Math.fma(y, t, P8);
        y = y * t;
        y = Math.fma(y, z, e * Q1);
        y = Math.fma(z, -0.5f, y);
        return Math.fma(e, Q2, t + y);
    }

    static float sin(float theta) {
        return sinCos(theta, true);
    }

    static float cos(float theta) {
        return sinCos(theta, false);
    }

    /** sin or cos of theta ≥ 0: reduction by multiples of π/4 in three parts, then the two polynomials. */
    private static float sinCos(float theta, boolean wantSin) {
        int j = (int) (theta * FOPI);
        j = (j + 1) & ~1;
        float y = (float) j;
        float x = Math.fma(y, DP1, theta);
        x = Math.fma(y, DP2, x);
        x = Math.fma(y, DP3, x);
        float z = x * x;
        float pc = Math.fma(C0, z, C1);
        pc = Math.fma(pc, z, C2);
        pc = pc * z;
        pc = Math.fma(pc, z, -(0.5f * z));
        pc = pc + 1f;
        float ps = Math.fma(S0, z, S1);
        ps = Math.fma(ps, z, S2);
        ps = ps * z;
        ps = Math.fma(ps, x, x);
        boolean swap = (j & 2) != 0;
        if (wantSin) {
            float s = swap ? pc : ps;
            return (j & 4) != 0 ? -s : s;
        }
        float c = swap ? ps : pc;
        return ((j - 2) & 4) == 0 ? -c : c;
    }
}
